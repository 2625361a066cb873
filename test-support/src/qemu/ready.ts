// A booted node is ready when pc2-banner.service has printed its banner (version, how to
// reach the admin UI, the claim code while there is no owner) and the admin API answers.
import { setTimeout as sleep } from 'node:timers/promises'
import { GuestPanic } from './guest-panic.ts'
import type { VM } from './vm.ts'

/** The PC2 ready marker printed by pc2-banner.service. */
export const READY = /PC2 \S+ ready\./

/**
 * The banner up to where it has said whether the node has an owner: its address lines, then
 * either the claim code's first line or the blank line that ends a banner without one. The
 * lines reach the serial console one by one, so "no claim code" is known only then.
 */
export const BANNER = /PC2 \S+ ready\.\r?\n((?:[^\r\n]+\r?\n)*?)(?: {2}This node has no owner yet|\r?\n)/

/**
 * Boots until the node has printed its banner and its API answers; returns seconds since
 * QEMU started. `from`: count only console output after it (a reboot's).
 */
export async function waitUntilReady (vm: VM, timeoutMs = 10 * 60_000, from = 0): Promise<number> {
  let start = from
  try {
    await vm.waitForSerial(BANNER, timeoutMs, from)
  } catch (error) {
    if (!(error instanceof GuestPanic) || !error.isEmulatorTextPatchRace()) throw error
    process.stdout.write('# the guest kernel hit a stale breakpoint while patching its own code (a cross-vCPU race of TCG, not of the image); switching the same machine off and on once\n')
    await vm.restart()
    start = 0
    await vm.waitForSerial(BANNER, timeoutMs)
  }
  // The banner's first address line is the node's address on QEMU's network.
  const address = /Admin UI: \S+\s+http:\/\/(10\.0\.2\.\d+)\//.exec(vm.serial().slice(start).match(BANNER)?.[1] ?? '')?.[1]
  if (address !== undefined) await vm.forwardHttpTo(address)
  const until = Date.now() + 60_000
  for (;;) {
    try {
      await vm.getJson('/api/health', { timeoutMs: 10_000 })
      return (Date.now() - vm.startedAt) / 1000
    } catch (error) {
      if (Date.now() > until) throw error
      await sleep(1000)
    }
  }
}
