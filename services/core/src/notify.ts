// sd_notify for Type=notify units. Node has no AF_UNIX datagram sockets, so the message is
// sent by systemd's own `systemd-notify` helper; the units set NotifyAccess=all so that
// systemd accepts it from that child. Outside systemd (no NOTIFY_SOCKET) every call is a
// no-op, which is what a developer running a service by hand wants.

import { execFile } from 'node:child_process'
import { UnavailableError } from './errors.ts'

export interface Notifier {
  /** Tells systemd start-up finished (unblocks units ordered after this one). */
  ready (options?: { status?: string, signal?: AbortSignal }): Promise<void>
  /** Tells systemd the service is shutting down on purpose. */
  stopping (options?: { status?: string, signal?: AbortSignal }): Promise<void>
  /** Free-text status shown by `systemctl status`. */
  status (text: string, options?: { signal?: AbortSignal }): Promise<void>
}

export interface NotifierComponents {
  /** Environment to read NOTIFY_SOCKET from; process.env by default. */
  environment?: Record<string, string | undefined>
  /** The helper program; `systemd-notify` on PATH by default. */
  systemdNotify?: string
  /** How long the helper may take before we give up on it. */
  timeoutMs?: number
}

export function createNotifier (components: NotifierComponents = {}): Notifier {
  const environment = components.environment ?? process.env
  const program = components.systemdNotify ?? 'systemd-notify'
  const timeout = components.timeoutMs ?? 5_000

  const send = async (args: string[], signal: AbortSignal | undefined): Promise<void> => {
    const socket = environment.NOTIFY_SOCKET
    if (socket === undefined || socket === '') return
    await new Promise<void>((resolve, reject) => {
      execFile(program, args, { timeout, signal, env: { ...environment, NOTIFY_SOCKET: socket } }, (error) => {
        if (error === null) resolve()
        else reject(new UnavailableError(`${program} ${args.join(' ')} failed: ${error.message}`, { cause: error }))
      })
    })
  }

  const statusOption = (status: string | undefined): string[] => (status === undefined ? [] : [`--status=${status}`])

  return {
    ready: async (options = {}) => { await send(['--ready', ...statusOption(options.status)], options.signal) },
    // `--stopping` only exists since systemd 253; the plain assignment works everywhere.
    stopping: async (options = {}) => { await send([...statusOption(options.status), 'STOPPING=1'], options.signal) },
    status: async (text, options = {}) => { await send(statusOption(text), options.signal) }
  }
}
