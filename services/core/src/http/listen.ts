// Where a server listens, and how it stops.
//
// A Unix socket: a socket file left by a service that was killed (SIGKILL, a power cut on a
// persistent runtime dir) would make listen fail with EADDRINUSE, so a socket nobody answers
// on is removed first; one that answers belongs to a running process, and two of one service
// must never share a state directory (two vaults would race on their records, two shops would
// reuse nonces). Its mode lets the service's group in (pc2-admin is in each service's group).
//
// A TCP port, with the two failures an appliance actually meets made clear: IPv6 switched off
// in the kernel (`::` falls back to 0.0.0.0: the LAN still wants the UI), and the port being
// taken or not permitted.

import { once } from 'node:events'
import { chmod, lstat, unlink } from 'node:fs/promises'
import type { Server } from 'node:http'
import { connect } from 'node:net'
import type { Server as NetServer } from 'node:net'
import type { AbortOptions } from '../components.ts'
import { UnavailableError } from '../errors.ts'

/** Mode of a service's socket: the service and the members of its group (e.g. pc2-admin). */
export const socketMode = 0o660

export async function listenOnSocket (server: NetServer, path: string, options: AbortOptions = {}): Promise<void> {
  options.signal?.throwIfAborted()
  await removeStaleSocket(path)
  try {
    await listenOnce(server, { path }, options.signal)
  } catch (error) {
    if (options.signal?.aborted === true) throw error
    throw new UnavailableError(`cannot listen on ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { details: { path }, cause: error })
  }
  // listen() creates the socket with the umask's mode; the group needs exactly read-write.
  await chmod(path, socketMode)
}

/** Listens on host:port; resolves with the host actually used and the port (0 picks a free one). */
export async function listenOnTcp (server: NetServer, host: string, port: number, options: AbortOptions = {}): Promise<{ host: string, port: number }> {
  const bound = (): number => {
    const address = server.address()
    return typeof address === 'object' && address !== null ? address.port : port
  }
  try {
    await listenOnce(server, { host, port }, options.signal)
    return { host, port: bound() }
  } catch (error) {
    if (host === '::' && (error as NodeJS.ErrnoException).code === 'EAFNOSUPPORT') {
      await listenOnce(server, { host: '0.0.0.0', port }, options.signal)
      return { host: '0.0.0.0', port: bound() }
    }
    if (options.signal?.aborted === true) throw error
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    throw new UnavailableError(`cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${code}`, {
      details: { host, port, code },
      cause: error
    })
  }
}

// Not listen's own `signal` option: that one closes the server whenever the signal aborts,
// and the start signal is only meant to cancel starting, not to end the server later.
async function listenOnce (server: NetServer, where: { path: string } | { host: string, port: number }, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => { reject(error) }
    server.once('error', onError)
    server.listen(where, () => {
      server.removeListener('error', onError)
      resolve()
    })
  })
  if (signal?.aborted === true) {
    server.close()
    signal.throwIfAborted()
  }
}

async function removeStaleSocket (path: string): Promise<void> {
  let isSocket: boolean
  try {
    isSocket = (await lstat(path)).isSocket()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (!isSocket) throw new UnavailableError(`${path} exists and is not a socket; not removing it`, { details: { path } })
  if (await answers(path)) throw new UnavailableError(`another process is serving ${path}`, { details: { path } })
  await unlink(path)
}

async function answers (path: string): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect(path)
    const done = (result: boolean): void => { socket.destroy(); resolve(result) }
    socket.setTimeout(2_000, () => { done(false) })
    socket.once('connect', () => { done(true) })
    socket.once('error', () => { done(false) })
  })
}

export interface CloseServerOptions extends AbortOptions {
  /** After this long, connections still open are cut (requests were told to stop); none: wait. */
  graceMs?: number
}

/**
 * Stops accepting connections and waits for requests in flight; after `graceMs`, or when the
 * signal aborts, the connections still open are cut. False when the server was not listening.
 */
export async function closeServer (server: Server | undefined, options: CloseServerOptions = {}): Promise<boolean> {
  if (server?.listening !== true) return false
  const closed = once(server, 'close')
  server.close()
  server.closeIdleConnections()
  const abandon = (): void => { server.closeAllConnections() }
  const cut = options.graceMs === undefined ? undefined : setTimeout(abandon, options.graceMs)
  options.signal?.addEventListener('abort', abandon, { once: true })
  try {
    await closed
  } finally {
    clearTimeout(cut)
    options.signal?.removeEventListener('abort', abandon)
  }
  return true
}
