// PC2_IPFS_GATEWAY_LISTEN: where the optional TCP gateway listener is, `<ip>:<port>` or
// `[<ipv6>]:<port>` (tests and benchmarks on the host).

import { isIP } from 'node:net'
import { ConfigError } from '@pc2/core'

export function parseListenAddress (text: string): { host: string, port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text)
  const host = match?.[1]
  const port = Number(match?.[2])
  if (host === undefined || isIP(host) === 0 || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(`PC2_IPFS_GATEWAY_LISTEN=${JSON.stringify(text)} is not valid; expected <ip>:<port>, e.g. 127.0.0.1:8080`)
  }
  return { host, port }
}
