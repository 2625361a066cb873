// What a gateway request asks for, per the trustless gateway spec: which CID, in which
// form (raw block, CAR, or the file's bytes), which part of the DAG, which byte range.

import type { IncomingHttpHeaders } from 'node:http'
import { InvalidCidError, UnsupportedFormatError, UnsupportedPathError } from '@pc2/core'
import { CID } from 'multiformats/cid'
import type { DagScope } from '../dag/walk.ts'

export type GatewayFormat = 'raw' | 'car' | 'file'

export interface GatewayRequest {
  cid: CID
  format: GatewayFormat
  scope: DagScope
}

const rawType = 'application/vnd.ipld.raw'
const carType = 'application/vnd.ipld.car'
const scopes: readonly DagScope[] = ['all', 'entity', 'block']

/** `rest` is what follows `/ipfs/` in the path. */
export function parseGatewayRequest (rest: string, url: URL, headers: IncomingHttpHeaders): GatewayRequest {
  const [text = '', ...path] = rest.split('/')
  // `/ipfs/<cid>/` is the same thing as `/ipfs/<cid>`; anything deeper is a path into a directory.
  if (path.some((segment) => segment !== '') || path.length > 1) {
    throw new UnsupportedPathError(`this gateway serves /ipfs/<cid> only, not a path inside it: /ipfs/${rest}`, { details: { path: `/ipfs/${rest}` } })
  }
  return { cid: parseCid(text), format: formatOf(url, headers), scope: scopeOf(url) }
}

export function parseCid (text: string): CID {
  try {
    return CID.parse(text)
  } catch {
    throw new InvalidCidError(`${JSON.stringify(text.slice(0, 100))} is not a CID`, { details: { cid: text.slice(0, 100) } })
  }
}

function formatOf (url: URL, headers: IncomingHttpHeaders): GatewayFormat {
  const format = url.searchParams.get('format')
  if (format === 'raw' || format === 'car') return format
  if (format !== null && format !== '') {
    throw new UnsupportedFormatError(`format=${format} is not served; use raw or car`, { details: { format } })
  }
  // The first of the two IPLD types the client lists wins; anything else means the bytes.
  for (const item of (headers.accept ?? '').split(',')) {
    const type = item.split(';')[0]?.trim().toLowerCase()
    if (type === rawType) return 'raw'
    if (type === carType) return 'car'
  }
  return 'file'
}

function scopeOf (url: URL): DagScope {
  const scope = url.searchParams.get('dag-scope') ?? 'all'
  if (!(scopes as readonly string[]).includes(scope)) {
    throw new UnsupportedFormatError(`dag-scope=${scope} is not served; use all, entity or block`, { details: { scope } })
  }
  return scope as DagScope
}

/**
 * A single `bytes=a-b`, `bytes=a-` or `bytes=-n` against a file of `size` bytes: the range
 * (end exclusive), undefined for the whole file (no Range, or one this server answers with
 * the whole file as HTTP allows: several ranges, a malformed header), or 'unsatisfiable'.
 */
export function parseRange (header: string | undefined, size: number): { start: number, end: number } | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (match === null || (match[1] === '' && match[2] === '')) return undefined
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size }
  }
  const start = Number(match[1])
  if (match[2] !== '' && Number(match[2]) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  const last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  return { start, end: last + 1 }
}
