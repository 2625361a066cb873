// CARv1 framing for streaming a DAG without buffering it: the header comes from @ipld/car's
// own writer (dag-cbor { version: 1, roots }), then each block is written as
// varint(length of CID + block) ‖ CID ‖ block, straight from the store to the socket.

import { CarWriter } from '@ipld/car/writer'
import { varint } from 'multiformats'
import type { CID } from 'multiformats/cid'

export const carContentType = 'application/vnd.ipld.car; version=1; order=dfs; dups=n'

export async function carHeader (root: CID): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([root])
  const closing = writer.close()
  const chunks: Uint8Array[] = []
  for await (const chunk of out) chunks.push(chunk)
  await closing
  return Buffer.concat(chunks)
}

/** What precedes a block's bytes in a CAR. */
export function carBlockHead (cid: CID, blockBytes: number): Uint8Array {
  const length = cid.bytes.byteLength + blockBytes
  const head = new Uint8Array(varint.encodingLength(length) + cid.bytes.byteLength)
  varint.encodeTo(length, head, 0)
  head.set(cid.bytes, head.byteLength - cid.bytes.byteLength)
  return head
}
