// GET /health: the service is up, and which peer it is.

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'

export const health: IpfsHandler<'GET /health'> = async ({ ipfs }) => jsonReply({ ok: true, peerId: ipfs.peerId() })
