// What a block is to this node: raw bytes (a file's leaf) or a dag-pb node (UnixFS). These
// are the only codecs a PC2 upload produces and the only ones the gateway and fetch accept
// inside a DAG; anything else is refused rather than stored unexamined. Hashing goes through
// multiformats' sha2-256, which on Node is the native one.

import { createHash } from 'node:crypto'
import * as dagPb from '@ipld/dag-pb'
import { UntrustedContentError } from '@pc2/core'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

export const rawCode = raw.code

/** The CIDv1 of a raw leaf, as `ipfs add --raw-leaves --cid-version=1` names it. */
export async function rawLeafCid (bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes))
}

export async function dagPbCid (bytes: Uint8Array): Promise<CID> {
  return CID.createV1(dagPb.code, await sha256.digest(bytes))
}

/** True when `bytes` hash to `cid` (sha2-256 only: what UnixFS DAGs use). */
export function hashMatches (cid: CID, bytes: Uint8Array): boolean {
  return cid.multihash.code === sha256.code && createHash('sha256').update(bytes).digest().equals(cid.multihash.digest)
}

/** The CIDs a block links to, in order; none for a raw leaf. */
export function childLinks (cid: CID, bytes: Uint8Array): CID[] {
  if (cid.code === raw.code) return []
  if (cid.code === dagPb.code) return dagPb.decode(bytes).Links.map((link) => link.Hash)
  throw new UntrustedContentError(`block ${cid.toString()} uses codec 0x${cid.code.toString(16)}; only raw and dag-pb are accepted`, {
    details: { cid: cid.toString(), codec: cid.code }
  })
}

export interface FileNode {
  /** Bytes of file data held in this block itself (a raw leaf's whole content). */
  data: Uint8Array
  /** The children with the file bytes under each, in order. */
  children: Array<{ cid: CID, fileBytes: number }>
  /** File bytes under this block, its own data included. */
  fileBytes: number
}

/**
 * A block read as part of a UnixFS file, or undefined when it is not one (a directory, a
 * symlink): what the gateway needs to serve a byte range without loading the whole DAG.
 */
export function fileNode (cid: CID, bytes: Uint8Array): FileNode | undefined {
  if (cid.code === raw.code) return { data: bytes, children: [], fileBytes: bytes.byteLength }
  if (cid.code !== dagPb.code) return undefined
  const node = dagPb.decode(bytes)
  if (node.Data === undefined) return undefined
  const unixfs = UnixFS.unmarshal(node.Data)
  if (unixfs.type !== 'file' && unixfs.type !== 'raw') return undefined
  if (unixfs.blockSizes.length !== node.Links.length) return undefined
  const children = node.Links.map((link, index) => ({ cid: link.Hash, fileBytes: Number(unixfs.blockSizes[index] ?? 0n) }))
  return { data: unixfs.data ?? new Uint8Array(0), children, fileBytes: Number(unixfs.fileSize()) }
}
