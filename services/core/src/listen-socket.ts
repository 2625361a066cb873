// A service's Unix socket: listening on it, and closing it. A socket file left by a service
// that was killed (SIGKILL, a power cut on a persistent runtime dir) would make listen fail
// with EADDRINUSE, so a socket nobody answers on is removed first; one that answers belongs
// to a running process, and two of one service must never share a state directory (two
// vaults would race on their records, two shops would reuse nonces).

import { once } from 'node:events'
import { connect } from 'node:net'
import type { Server as NetServer } from 'node:net'
import type { Server } from 'node:http'
import { chmod, lstat, unlink } from 'node:fs/promises'
import type { AbortOptions } from './components.ts'
import { UnavailableError } from './errors.ts'

/** Mode of a service's socket: the service and the members of its group (e.g. pc2-admin). */
export const socketMode = 0o660

export async function listenOnSocket (server: NetServer, path: string, options: AbortOptions = {}): Promise<void> {
  options.signal?.throwIfAborted()
  await removeStaleSocket(path)
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(new UnavailableError(`cannot listen on ${path}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { details: { path }, cause: error }))
    }
    server.once('error', onError)
    server.listen(path, () => {
      server.removeListener('error', onError)
      resolve()
    })
  })
  // listen() creates the socket with the umask's mode; the group needs exactly read-write.
  await chmod(path, socketMode)
  if (options.signal?.aborted === true) {
    server.close()
    options.signal.throwIfAborted()
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

/** Stops accepting connections and waits for requests in flight; aborting closes them all. */
export async function closeServer (server: Server | undefined, options: AbortOptions = {}): Promise<boolean> {
  if (server?.listening !== true) return false
  const closed = once(server, 'close')
  server.close()
  server.closeIdleConnections()
  const abandon = (): void => { server.closeAllConnections() }
  options.signal?.addEventListener('abort', abandon, { once: true })
  try {
    await closed
  } finally {
    options.signal?.removeEventListener('abort', abandon)
  }
  return true
}
