// A service's main.ts run as its own process, the way systemd runs the bundle: its output
// kept, waited on line by line, and the process killed when the test process ends.
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { spawnOwned } from './exit-cleanup.ts'

/** The repository's image.config, which a service reads at start (PC2_IMAGE_CONFIG). */
export const imageConfigPath = fileURLToPath(new URL('../../image.config', import.meta.url))

export interface ServiceRun {
  exit: Promise<[number | null, NodeJS.Signals | null]>
  /** Everything written to stdout and stderr so far. */
  output: () => string
  kill: (signal: NodeJS.Signals) => void
  /** Resolves once `text` is in the output; fails, quoting it, if the process ends first. */
  waitFor: (text: string) => Promise<void>
}

/** Starts `main` (a service's src/main.ts) with only PATH and `env` in its environment. */
export function runServiceMain (main: string | URL, env: Record<string, string>): ServiceRun {
  const path = typeof main === 'string' ? main : fileURLToPath(main)
  const child = spawnOwned(process.execPath, [path], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const waiters: Array<{ text: string, resolve: () => void }> = []
  const onData = (chunk: string): void => {
    output += chunk
    for (const waiter of waiters) if (output.includes(waiter.text)) waiter.resolve()
  }
  child.stdout?.setEncoding('utf8').on('data', onData)
  child.stderr?.setEncoding('utf8').on('data', onData)
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return {
    exit,
    output: () => output,
    kill: (signal) => { child.kill(signal) },
    waitFor: async (text) => {
      await Promise.race([
        new Promise<void>((resolve) => { if (output.includes(text)) resolve(); else waiters.push({ text, resolve }) }),
        exit.then(() => { throw new Error(`exited before printing ${JSON.stringify(text)}:\n${output}`) })
      ])
    }
  }
}
