// GET /storage → { usedBytes, quotaBytes, freeBytes, pinnedBytes, blocks, uploadsOpen }

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'

export const storage: IpfsHandler<'GET /storage'> = async ({ ipfs }) => {
  const { usedBytes, quotaBytes, freeBytes, blocks } = await ipfs.space.status()
  const pinnedBytes = ipfs.pins.list().reduce((sum, pin) => sum + pin.size, 0)
  const uploadsOpen = [...ipfs.uploads.sessions.values()].filter((session) => session.record.state === 'open').length
  return jsonReply({ usedBytes, quotaBytes, freeBytes, pinnedBytes, blocks, uploadsOpen })
}
