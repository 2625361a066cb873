// Binding the admin port, with the two failures an appliance actually meets made clear:
// IPv6 switched off in the kernel, and the port being taken or not permitted.

import type { Server } from 'node:http'
import { UnavailableError } from '@pc2/core'

/** Listens on host:port; resolves with the host actually used. */
export async function listen (server: Server, host: string, port: number, signal?: AbortSignal): Promise<string> {
  try {
    await listenOnce(server, host, port, signal)
    return host
  } catch (error) {
    // A kernel booted with IPv6 disabled cannot bind ::, but the LAN still wants the UI.
    if (host === '::' && (error as NodeJS.ErrnoException).code === 'EAFNOSUPPORT') {
      await listenOnce(server, '0.0.0.0', port, signal)
      return '0.0.0.0'
    }
    if (signal?.aborted === true) throw error
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UnavailableError(`cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${code}`, {
      details: { host, port, code },
      cause: error
    })
  }
}

// Not listen's own `signal` option: that one closes the server whenever the signal aborts,
// and the start signal is only meant to cancel starting, not to end the server later.
async function listenOnce (server: Server, host: string, port: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => { reject(error) }
    server.once('error', onError)
    server.listen({ host, port }, () => {
      server.removeListener('error', onError)
      resolve()
    })
  })
  if (signal?.aborted === true) {
    server.close()
    signal.throwIfAborted()
  }
}
