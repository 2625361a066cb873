// Whatever a harness starts (a QEMU guest, a service of the host stack, a namespace holder)
// must not outlive it, however it ends: a normal exit, a failed test, an uncaught exception,
// or SIGINT/SIGTERM/SIGHUP. Children are spawned under `setpriv --pdeathsig SIGKILL`, so the
// kernel kills them even when the harness itself is SIGKILLed; and every cleanup registered
// here runs, synchronously, on the way out.
import { spawn } from 'node:child_process'
import type { ChildProcess, SpawnOptions } from 'node:child_process'

const cleanups = new Set<() => void>()
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
let installed = false

/**
 * Runs `cleanup` (synchronous: nothing asynchronous runs once the process is exiting) when
 * the process ends before the returned function is called; calling it forgets the cleanup.
 */
export function onExit (cleanup: () => void): () => void {
  install()
  cleanups.add(cleanup)
  return () => { cleanups.delete(cleanup) }
}

/** Kills `child` with SIGKILL if it still runs when the process ends. */
export function killOnExit (child: ChildProcess): void {
  const forget = onExit(() => { killNow(child) })
  child.once('exit', forget)
}

/**
 * spawn(), with the child killed when this process ends by any path (killOnExit) and by the
 * kernel should this process die without running any code (SIGKILL, a crash).
 */
export function spawnOwned (command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', command, ...args], options)
  killOnExit(child)
  return child
}

function killNow (child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  try { process.kill(child.pid, 'SIGKILL') } catch {}
}

export function runCleanups (): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup)
    try { cleanup() } catch (error) { process.stderr.write(`cleanup on exit failed: ${(error as Error).message}\n`) }
  }
}

function install (): void {
  if (installed) return
  installed = true
  process.on('exit', runCleanups)
  for (const signal of signals) process.on(signal, onSignal)
}

/**
 * A harness that handles a signal itself (run-qemu powers its guest off on Ctrl-C, the test
 * runner reports and exits) decides what happens, and its exit runs the cleanups. Alone,
 * this one cleans up and lets the signal end the process as it would have.
 */
function onSignal (signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return
  runCleanups()
  process.removeListener(signal, onSignal)
  process.kill(process.pid, signal)
}
