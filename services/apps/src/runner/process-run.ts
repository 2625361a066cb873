// What every runner does around its engine: start one process, give it stdin, take stdout
// up to the output limit and stderr up to a page or two, and kill it at the time limit or
// when the caller aborts. The engine-specific part is only the command and how its exit
// code reads (`interpret`).

import { spawn } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import type { RunOptions, RunOutcome, RunRequest, RunResult } from './runner.ts'

const maxStderrBytes = 64 * 1024

/** One started run, wherever it runs: a child process here, or a sandbox the launcher made. */
export interface LaunchedProcess {
  stdin: Writable
  stdout: Readable
  stderr: Readable
  /** Ends the run at once (SIGKILL, or the sandbox's unit stopped). */
  kill (): void
  /** Settles when the process has ended and its stdout and stderr are closed. */
  ended: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

/** Starts the engine's argv: as a child process of this service, or in a sandbox of its own. */
export type Launcher = (argv: string[], request: RunRequest) => LaunchedProcess

export const directLauncher: Launcher = (argv) => {
  const [command, ...args] = argv as [string, ...string[]]
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: {} })
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    kill: () => { child.kill('SIGKILL') },
    ended: new Promise((resolve, reject) => {
      child.once('error', reject)
      child.once('close', (code, signal) => resolve({ code, signal }))
    })
  }
}

export type ExitInterpreter = (code: number | null, signal: NodeJS.Signals | null, stderr: string) => { outcome: RunOutcome, exitCode: number | null }

/** Runs one launched process to its end; `input` is all of its stdin. */
export async function runProcess (launch: () => LaunchedProcess, request: RunRequest, input: Uint8Array, interpret: ExitInterpreter, options: RunOptions = {}): Promise<RunResult> {
  options.signal?.throwIfAborted()
  const started = performance.now()
  const child = launch()
  const stdout: Buffer[] = []
  let stdoutBytes = 0
  let stderr = ''
  let killedFor: RunOutcome | undefined

  const kill = (reason: RunOutcome): void => {
    if (killedFor === undefined) killedFor = reason
    child.kill()
  }
  const timer = setTimeout(() => kill('timeout'), request.limits.timeoutMs)
  const onAbort = (): void => kill('timeout')
  options.signal?.addEventListener('abort', onAbort, { once: true })

  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length
    if (stdoutBytes > request.limits.outputBytes) { kill('output-limit'); return }
    stdout.push(chunk)
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => { if (stderr.length < maxStderrBytes) stderr += chunk.slice(0, maxStderrBytes - stderr.length) })
  // An app that never reads its stdin must not fail the run: EPIPE here is its choice.
  child.stdin.on('error', () => {})
  child.stdin.end(input)

  try {
    const { code, signal } = await child.ended
    const durationMs = performance.now() - started
    const result = killedFor === undefined ? interpret(code, signal, stderr) : { outcome: killedFor, exitCode: null }
    if (killedFor === 'timeout') stderr += `\npc2-wasm: stopped after ${request.limits.timeoutMs} ms, the app's time limit\n`
    if (killedFor === 'output-limit') stderr += `\npc2-wasm: stopped: the app wrote more than ${request.limits.outputBytes} bytes\n`
    options.signal?.throwIfAborted()
    return { ...result, stdout: Buffer.concat(stdout), stderr, durationMs }
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}
