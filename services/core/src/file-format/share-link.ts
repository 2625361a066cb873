// Share links: `<origin>/f/<cid>#k=<key>`. The key sits in the fragment, which browsers
// never send to a server, so the node that serves the ciphertext never learns it.

import { InvalidShareLinkError } from './errors.ts'
import { decodeFileKey, encodeFileKey } from './key.ts'

export interface ShareLink {
  origin: string
  cid: string
  key: Uint8Array
}

// CIDv1 in base32 (b…) or base36 (k…), or CIDv0 (Qm…): the shapes our nodes hand out.
const cidShape = /^(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{20,}|k[0-9a-z]{20,})$/

export function formatShareLink (origin: string, cid: string, key: Uint8Array): string {
  return `${origin.replace(/\/+$/, '')}/f/${cid}#k=${encodeFileKey(key)}`
}

export function parseShareLink (link: string): ShareLink {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    throw new InvalidShareLinkError(`"${link}" is not a URL; a share link looks like http://pc2.local/f/<cid>#k=<key>`)
  }
  const match = /^\/f\/([^/]+)\/?$/.exec(url.pathname)
  if (match?.[1] === undefined) throw new InvalidShareLinkError(`the link's path "${url.pathname}" is not /f/<cid>`)
  const cid = decodeURIComponent(match[1])
  if (!cidShape.test(cid)) throw new InvalidShareLinkError(`"${cid}" is not a content identifier (CID)`)
  const keyText = new URLSearchParams(url.hash.slice(1)).get('k')
  if (keyText === null) throw new InvalidShareLinkError('the link has no key: it must end with #k=<key>')
  return { origin: url.origin, cid, key: decodeFileKey(keyText) }
}

export function isCidShaped (text: string): boolean {
  return cidShape.test(text)
}
