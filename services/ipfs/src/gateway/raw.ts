// `?format=raw`: one block, exactly as stored; the client checks it against the CID.

import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import type { AbortOptions, BytesReply } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import { contentHeaders, notModified } from './headers.ts'

export async function rawReply (blockstore: LocalBlockstore, cid: CID, ifNoneMatch: string | undefined, options: AbortOptions = {}): Promise<BytesReply> {
  const headers = { ...contentHeaders(cid, '.raw'), 'Content-Type': 'application/vnd.ipld.raw' }
  const bytes = await blockstore.read(cid, options)
  if (notModified(ifNoneMatch, headers.ETag)) return { status: 304, headers }
  return { status: 200, headers, body: bytes }
}
