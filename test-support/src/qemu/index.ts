// QEMU guests of the built images, for the tests, the benchmark and scripts/run-qemu.
export { VM } from './vm.ts'
export type { BootOptions, Firmware } from './vm.ts'
export { accelerator } from './accelerator.ts'
export { GuestPanic } from './guest-panic.ts'
export { BANNER, READY, waitUntilReady } from './ready.ts'
