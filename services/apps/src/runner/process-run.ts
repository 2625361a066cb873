// What every runner does around its engine: start one process, give it stdin, take stdout
// up to the output limit and stderr up to a page or two, and kill it at the time limit or
// when the caller aborts. The engine-specific part is only the command and how its exit
// code reads (`interpret`).

import { spawn } from 'node:child_process'
import type { RunOptions, RunOutcome, RunRequest, RunResult } from './runner.ts'

const maxStderrBytes = 64 * 1024

/** Turns the engine's argv into what is really executed (a systemd-run sandbox, or itself). */
export type Launcher = (argv: string[], request: RunRequest) => string[]
export const directLauncher: Launcher = (argv) => argv

export type ExitInterpreter = (code: number | null, signal: NodeJS.Signals | null, stderr: string) => { outcome: RunOutcome, exitCode: number | null }

export async function runProcess (argv: string[], request: RunRequest, interpret: ExitInterpreter, options: RunOptions = {}): Promise<RunResult> {
  options.signal?.throwIfAborted()
  const started = performance.now()
  const [command, ...args] = argv as [string, ...string[]]
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: {} })
  const stdout: Buffer[] = []
  let stdoutBytes = 0
  let stderr = ''
  let killedFor: RunOutcome | undefined

  const kill = (reason: RunOutcome): void => {
    if (killedFor === undefined) killedFor = reason
    child.kill('SIGKILL')
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
  child.stdin.end(request.stdin ?? new Uint8Array(0))

  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]))
    })
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
