// The node the CLI talks to: --node, else $PC2_NODE, else the name every PC2 node announces
// on the LAN over mDNS.

import { UsageError } from '../errors.ts'

export const defaultNodeUrl = 'http://pc2.local'

export interface NodeAddress {
  /** `http://host[:port]`, no path: what SIWE's uri and the share link start with. */
  origin: string
  /** `host[:port]`: the Host header, which SIWE's domain must equal. */
  host: string
}

export function nodeAddress (text: string | undefined): NodeAddress {
  const given = text ?? defaultNodeUrl
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(given) ? given : `http://${given}`)
  } catch {
    throw new UsageError(`--node ${JSON.stringify(given)} is not a URL; expected e.g. http://pc2.local or http://192.168.1.20:8080`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--node ${JSON.stringify(given)} is not an http:// or https:// URL`)
  }
  return { origin: url.origin, host: url.host }
}
