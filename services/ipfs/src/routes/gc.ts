// POST /gc → { removedBlocks, freedBytes }

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'

export const gc: IpfsHandler<'POST /gc'> = async ({ ipfs, signal }) => jsonReply(await ipfs.collectGarbage({ signal }))
