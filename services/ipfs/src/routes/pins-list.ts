// GET /pins → { pins: [{ cid, size, pinnedAt }] }, oldest first.

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'

export const pinsList: IpfsHandler<'GET /pins'> = async ({ ipfs }) => {
  const pins = ipfs.pins.list().sort((a, b) => a.pinnedAt.localeCompare(b.pinnedAt) || a.cid.localeCompare(b.cid))
  return jsonReply({ pins })
}
