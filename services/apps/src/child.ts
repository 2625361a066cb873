// The process that runs one WASI command under V8 (started by runner/node-wasi.ts, one per
// run; bundled as pc2-apps-child.mjs).
// It sees one directory, as /data, and nothing else: node:wasi refuses `..`, absolute paths
// and symlinks that leave a preopen ("capabilities insufficient"). node:wasi is no security
// boundary by itself — each run also needs an OS sandbox of its own (the runner's launcher:
// a transient systemd unit in the appliance) — and it does not cap memory: V8's
// --wasm-max-mem-pages, given by the parent, does.
//
// Invocation: node child.ts; stdin carries the request and the module first
// (runner/child-input.ts), then the app's own stdin; stdout/stderr are the app's. The exit
// code reads as childExitCodes says.

import { writeSync } from 'node:fs'
import { WASI } from 'node:wasi'
import { readChildInput } from './runner/child-input.ts'
import { hostNet } from './runner/host-net.ts'
import { capMemory, MemoryGrantTooSmallError } from './runner/memory-cap.ts'
import { childExitCodes, maxAppExitCode } from './runner/runner.ts'

let input: ReturnType<typeof readChildInput>
try {
  input = readChildInput(0)
} catch (error) {
  writeSync(2, `\npc2-wasm: the run's request could not be read: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(childExitCodes.failed)
}
const { request, module: moduleBytes } = input

function account (code: number, line: string): never {
  // Synchronous: the line must be in the pipe before the process goes.
  writeSync(2, `\npc2-wasm: ${line}\n`)
  process.exit(code)
}

let instance: WebAssembly.Instance | undefined
// What the app may reach, as the host functions of pc2_net (runner/host-net.ts); every refusal is a line on stderr.
const net = hostNet(request.network ?? [], (line) => { writeSync(2, `\npc2-net: ${line}\n`) })
const wasi = new WASI({
  version: 'preview1',
  args: request.args,
  env: request.env,
  preopens: request.dataDir === undefined ? {} : { '/data': request.dataDir },
  returnOnExit: true
})
try {
  const module = await WebAssembly.compile(capMemory(moduleBytes, Math.floor(request.memoryBytes / 65536)) as Uint8Array<ArrayBuffer>)
  const memory = (): WebAssembly.Memory | undefined => instance?.exports.memory instanceof WebAssembly.Memory ? instance.exports.memory : undefined
  instance = await WebAssembly.instantiate(module, { ...wasi.getImportObject(), pc2_net: net.imports(memory) } as WebAssembly.Imports)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof MemoryGrantTooSmallError || (error instanceof RangeError && /memory/i.test(message))) account(childExitCodes.memory, `the module needs more memory than the ${request.memoryBytes / 1048576} MiB granted to start`)
  account(childExitCodes.failed, `the module cannot start: ${message}`)
}

function memoryAtLimit (): boolean {
  const memory = instance?.exports.memory
  // The engine refuses memory.grow silently (it returns -1) and the app then fails its own
  // way, often a trap in abort(). A failure with memory within an eighth of the grant is
  // read as running out of it: allocators ask for large steps, so "one page short" is rare.
  return memory instanceof WebAssembly.Memory && memory.buffer.byteLength > request.memoryBytes * 7 / 8
}

try {
  const code = wasi.start(instance!)
  if (code !== 0 && memoryAtLimit()) account(childExitCodes.memory, `out of memory: the app used all ${request.memoryBytes / 1048576} MiB granted and exited with ${code}`)
  process.exitCode = code === 0 ? 0 : childExitCodes.appOffset + Math.min(code, maxAppExitCode)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  if (memoryAtLimit() || (error instanceof RangeError && /memory/i.test(message))) account(childExitCodes.memory, `out of memory: the app used all ${request.memoryBytes / 1048576} MiB granted (${message})`)
  account(childExitCodes.trapped, `the app crashed: ${message}`)
}
