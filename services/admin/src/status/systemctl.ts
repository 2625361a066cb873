// Runs systemctl for the status page. systemctl is the supported interface to systemd's
// state (its D-Bus API would need a client library). A missing or hung systemctl (a
// developer's machine, a container) is an answer — "unknown" — never a failed request.

import { execFile } from 'node:child_process'

export interface SystemctlResult {
  stdout: string
  /** Non-zero is normal for some verbs: is-system-running exits 1 when degraded. */
  exitCode: number
}

/** Runs systemctl with `args`; undefined when it could not run or did not finish in time. */
export type Systemctl = (args: string[], options?: { signal?: AbortSignal }) => Promise<SystemctlResult | undefined>

export function createSystemctl (program: string, timeoutMs = 5_000): Systemctl {
  return async (args, options = {}) => await new Promise((resolve, reject) => {
    execFile(program, args, {
      timeout: timeoutMs,
      signal: options.signal,
      maxBuffer: 4 * 1024 * 1024,
      // Plain, untranslated, unpaged output is what the parsers expect.
      env: { ...process.env, LC_ALL: 'C', SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '', SYSTEMD_URLIFY: '0' }
    }, (error, stdout) => {
      if (error === null) {
        resolve({ stdout, exitCode: 0 })
      } else if (options.signal?.aborted === true) {
        reject(options.signal.reason)
      } else if (typeof error.code === 'number' && error.killed !== true) {
        resolve({ stdout, exitCode: error.code })
      } else {
        resolve(undefined)
      }
    })
  })
}
