// No format asked for: the UnixFS file's bytes (ciphertext, to this node), with a single
// byte range when the client asks for one (players and resumable downloads do).

import { RangeNotSatisfiableError } from '@pc2/core'
import type { AbortOptions, BytesReply, StreamReply } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import { readFileRange, readFileRoot } from '../dag/read-file.ts'
import { contentHeaders, notModified } from './headers.ts'
import type { ContentHeaders } from './headers.ts'
import { parseRange } from './request.ts'

export async function fileReply (blockstore: LocalBlockstore, cid: CID, request: { range?: string, ifNoneMatch?: string }, options: AbortOptions = {}): Promise<BytesReply | StreamReply> {
  const size = (await readFileRoot(cid, blockstore, options)).fileBytes
  const headers: ContentHeaders = { ...contentHeaders(cid, ''), 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes' }
  if (notModified(request.ifNoneMatch, headers.ETag)) return { status: 304, headers }
  const range = parseRange(request.range, size)
  if (range === 'unsatisfiable') {
    throw new RangeNotSatisfiableError(`the range ${request.range ?? ''} is outside the file's ${size} bytes`, { details: { size } })
  }
  const { start, end } = range ?? { start: 0, end: size }
  headers['Content-Length'] = String(end - start)
  if (range !== undefined) headers['Content-Range'] = `bytes ${start}-${end - 1}/${size}`
  return {
    status: range === undefined ? 200 : 206,
    headers,
    async stream (write, signal) {
      // One chunk on its way to the socket while the next is read.
      let previous: Promise<void> = Promise.resolve()
      for await (const chunk of readFileRange(cid, blockstore, { start, end }, { signal })) {
        await previous
        previous = write(chunk)
        // Awaited after the next read; a hang-up that fails it meanwhile must not count as unhandled.
        previous.catch(() => {})
      }
      await previous
    }
  }
}
