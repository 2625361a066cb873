// The headers every gateway reply carries for content: content addressed by CID never
// changes, so it may be cached for good; X-Ipfs-Path names what was served.

import type { CID } from 'multiformats/cid'

export interface ContentHeaders extends Record<string, string> {
  ETag: string
}

export function contentHeaders (cid: CID, etagSuffix: '' | '.raw' | '.car'): ContentHeaders {
  return {
    ETag: `"${cid.toString()}${etagSuffix}"`,
    'X-Ipfs-Path': `/ipfs/${cid.toString()}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=29030400, immutable'
  }
}

/** True when the client already has this version (If-None-Match lists its ETag, or `*`). */
export function notModified (ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  return ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '')).some((tag) => tag === etag || tag === '*')
}
