// Listening on the Unix socket. A socket file left by a shop that was killed (SIGKILL, a
// power cut on a persistent runtime dir) would make listen fail with EADDRINUSE, so a
// socket nobody answers on is removed first; one that answers belongs to a running shop,
// and two shops must never share a state directory (two senders would reuse nonces).

import { connect } from 'node:net'
import type { Server } from 'node:http'
import { chmod, lstat, unlink } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { UnavailableError } from '@pc2/core'

/** Mode of the socket: pc2-shop and the members of its group (pc2-admin). */
export const socketMode = 0o660

export async function listenOnSocket (server: Server, path: string, options: AbortOptions = {}): Promise<void> {
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
