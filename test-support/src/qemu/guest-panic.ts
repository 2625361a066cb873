// A guest kernel panic seen on the console, and the one kind that is the emulator's fault.
import { accelerator } from './accelerator.ts'

export const PANIC = /Kernel panic - not syncing/

/** The guest kernel panicked while a test waited for something else on its console. */
export class GuestPanic extends Error {
  override readonly name = 'GuestPanic'
  readonly console: string

  constructor (message: string, console: string) {
    super(message)
    this.console = console
  }

  /**
   * True for the one crash that is the emulator's: under TCG with several vCPUs, a vCPU can
   * still run a breakpoint the kernel had placed while it patched a static branch (text_poke)
   * after the patch is done and the handler gone ("Oops: int3"); KVM and real CPUs serialise
   * that. Any other panic is the image's and fails the test.
   */
  isEmulatorTextPatchRace (): boolean {
    return accelerator() === 'tcg' && /Oops: int3\b/.test(this.console)
  }
}
