// The two listeners: the API's Unix socket (a stale one from a killed process is removed
// first; mode 0660 so that pc2-admin, in this service's group, can connect) and the
// optional TCP gateway listener (`<ip>:<port>`, tests and benchmarks).

import { chmod, unlink } from 'node:fs/promises'
import type { Server } from 'node:http'
import { isIP } from 'node:net'
import { ConfigError, UnavailableError } from '@pc2/core'

export async function listenOnSocket (server: Server, path: string, signal?: AbortSignal): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error })
  await listen(server, { path }, signal, path)
  await chmod(path, 0o660)
}

export async function listenOnTcp (server: Server, address: { host: string, port: number }, signal?: AbortSignal): Promise<{ host: string, port: number }> {
  await listen(server, address, signal, `${address.host}:${address.port}`)
  const bound = server.address()
  return { host: address.host, port: typeof bound === 'object' && bound !== null ? bound.port : address.port }
}

/** `<ip>:<port>` or `[<ipv6>]:<port>`, as PC2_IPFS_GATEWAY_LISTEN takes it. */
export function parseListenAddress (text: string): { host: string, port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text)
  const host = match?.[1]
  const port = Number(match?.[2])
  if (host === undefined || isIP(host) === 0 || !Number.isInteger(port) || port > 65535) {
    throw new ConfigError(`PC2_IPFS_GATEWAY_LISTEN=${JSON.stringify(text)} is not valid; expected <ip>:<port>, e.g. 127.0.0.1:8080`)
  }
  return { host, port }
}

async function listen (server: Server, options: { path: string } | { host: string, port: number }, signal: AbortSignal | undefined, where: string): Promise<void> {
  signal?.throwIfAborted()
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options, () => {
        server.removeListener('error', reject)
        resolve()
      })
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UnavailableError(`cannot listen on ${where}: ${code}`, { details: { where, code }, cause: error })
  }
}
