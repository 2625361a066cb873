// pc2-apps's side of pc2-apps-launcher: a Launcher whose runs are transient units, and the
// app folders, which only the launcher (root) makes and deletes. See daemon.ts.

import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { PassThrough, Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { LaunchRefusedError, UnavailableError } from '@pc2/core'
import type { LaunchedProcess, Launcher } from '../runner/process-run.ts'
import type { AppFolders } from '../store/app-store.ts'
import { frame, FrameReader, frames } from './protocol.ts'
import type { FrameType, LaunchRequest, Refusal, RunEnd } from './protocol.ts'


interface Connection {
  socket: Socket
  ended: Promise<RunEnd>
  onData: (handler: (type: FrameType, payload: Buffer) => void) => void
}

function open (socketPath: string, first: Buffer): Connection {
  const socket = connect(socketPath)
  const reader = new FrameReader()
  let handler: (type: FrameType, payload: Buffer) => void = () => {}
  const ended = new Promise<RunEnd>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      for (const { type, payload } of reader.push(chunk)) {
        if (type === 'C') { resolve(JSON.parse(payload.toString('utf8')) as RunEnd); continue }
        if (type === 'F') {
          const refusal = JSON.parse(payload.toString('utf8')) as Refusal
          reject(new LaunchRefusedError(`the app launcher refused: ${refusal.message}`, { details: { launcherError: refusal.name } }))
          continue
        }
        handler(type, payload)
      }
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reject(new UnavailableError(`the app launcher does not answer on ${socketPath} (${error.code ?? error.message}): is pc2-apps-launcher running?`, { details: { socket: socketPath }, cause: error }))
    })
    socket.once('close', () => reject(new UnavailableError(`the app launcher hung up before the run ended`, { details: { socket: socketPath } })))
  })
  ended.catch(() => {})
  socket.write(first)
  return { socket, ended, onData: (next) => { handler = next } }
}

/**
 * Runs go to the launcher; `argv` is not sent (the launcher runs the node-wasi child it was
 * installed with), only the fields it needs for the unit: the app (request.args[0]), its
 * memory and time limits, and whether its folder is bound.
 */
export function launcherRuns (socketPath: string): Launcher {
  return (_argv, request) => {
    const launch: LaunchRequest = { app: request.args[0] ?? '', memoryMiB: request.limits.memoryMiB, timeoutMs: request.limits.timeoutMs, storage: request.dataDir !== undefined, ...(request.network === undefined || request.network.length === 0 ? {} : { network: request.network }) }
    const connection = open(socketPath, frame('R', launch))
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    connection.onData((type, payload) => {
      if (type === 'O') stdout.write(payload)
      else if (type === 'X') stderr.write(payload)
    })
    const stdin = new Writable({
      write (chunk: Buffer, _encoding, callback) {
        for (const part of frames('I', chunk)) connection.socket.write(part)
        callback()
      },
      final (callback) {
        connection.socket.write(frame('E'), () => callback())
      }
    })
    let killed = false
    // Settles once everything relayed has been read out of stdout and stderr, as a child
    // process's 'close' does; a run killed here ends as if by SIGKILL.
    const ended: LaunchedProcess['ended'] = connection.ended.then((end) => end, (error: unknown) => {
      if (killed) return { code: null, signal: 'SIGKILL' as const }
      throw error
    }).finally(async () => {
      connection.socket.destroy()
      stdout.end()
      stderr.end()
      await Promise.all([finished(stdout), finished(stderr)]).catch(() => {})
    })
    return { stdin, stdout, stderr, kill: () => { killed = true; connection.socket.destroy() }, ended }
  }
}

export function launcherFolders (socketPath: string): AppFolders {
  const ask = async (type: 'P' | 'D' | 'U', app: string): Promise<RunEnd> => {
    const connection = open(socketPath, frame(type, { app }))
    try {
      return await connection.ended
    } finally {
      connection.socket.destroy()
    }
  }
  return {
    create: async (name) => { await ask('P', name) },
    remove: async (name) => { await ask('D', name) },
    // The folder holds what the app's dynamic users wrote, with modes the app chose: only
    // the launcher (root) can count all of it.
    usageBytes: async (name) => {
      const answer = await ask('U', name)
      if (typeof answer.usedBytes !== 'number') throw new LaunchRefusedError('the app launcher answered a usage request without usedBytes')
      return answer.usedBytes
    }
  }
}
