// GET /peers → { self, discovered, connected }

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'

export const peers: IpfsHandler<'GET /peers'> = async ({ ipfs }) => jsonReply(await ipfs.peers.list())
