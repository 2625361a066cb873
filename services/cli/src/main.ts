#!/usr/bin/env node
// The `pc2` executable. Ctrl-C (or SIGTERM) stops the command cleanly: an upload frees its
// session on the node and a download removes its partial file before pc2 exits; a second
// Ctrl-C exits at once.

import { runCli } from './index.ts'

const interrupt = new AbortController()
const onSignal = (): void => {
  if (interrupt.signal.aborted) process.exit(130)
  interrupt.abort()
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd()
}, { signal: interrupt.signal })
// Open keep-alive sockets must not hold the process after the command finished.
process.exit()
