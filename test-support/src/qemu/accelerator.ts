// KVM or TCG for a PC guest. An arm64 guest is always emulated here (the targets table says
// which targets KVM may run).
import { accessSync, constants } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { architectureFacts } from '@pc2/core'

let probedAccelerator: 'kvm' | 'tcg' | undefined

/** How long the probe's firmware runs: KVM's failures come within its first instructions. */
const probeSeconds = 4

/** What QEMU prints when KVM could not run the guest (it then stops the guest for good). */
export const KVM_FAILURE = /KVM internal error|emulation failure|failed to set MSR|kvm run failed/i

/**
 * KVM when it really works, else TCG (PC2_QEMU_ACCEL=kvm|tcg forces one). A /dev/kvm that
 * opens is not enough: on some hosts (nested virtualisation) it opens, and QEMU then aborts
 * while setting up the vCPU ("failed to set MSR"); on others the vCPU starts and KVM fails
 * on the firmware's first instructions ("KVM internal error", the guest stopped for good).
 * So a VM with the machine, CPU and firmware the tests use runs for a few seconds, once.
 */
export function accelerator (): 'kvm' | 'tcg' {
  const forced = process.env.PC2_QEMU_ACCEL
  if (forced === 'kvm' || forced === 'tcg') return forced
  if (forced !== undefined && forced !== '') throw new Error(`PC2_QEMU_ACCEL must be kvm or tcg, not ${forced}`)
  probedAccelerator ??= probeKvm() ? 'kvm' : 'tcg'
  return probedAccelerator
}

function probeKvm (): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
  } catch {
    return false
  }
  const { qemu } = architectureFacts.x86_64
  const probe = spawnSync(qemu.binary, [
    '-accel', 'kvm', '-machine', 'q35', '-cpu', 'max', '-smp', '2', '-m', '64',
    '-nodefaults', '-display', 'none', '-serial', 'none', '-monitor', 'none',
    '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${qemu.uefiCode}`,
    '-drive', `if=pflash,format=raw,unit=1,readonly=on,file=${qemu.uefiVars}`
  ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: probeSeconds * 1000, killSignal: 'SIGKILL', encoding: 'utf8' })
  const stderr = probe.stderr ?? ''
  // Still running when its time was up, and KVM said nothing: the firmware ran.
  if (probe.signal === 'SIGKILL' && !KVM_FAILURE.test(stderr)) return true
  const why = stderr.trim().split('\n').find((line) => KVM_FAILURE.test(line)) ?? stderr.trim().split('\n').at(-1) ?? ''
  process.stderr.write(`qemu: /dev/kvm is there but KVM does not work here (${why || `exit ${probe.status ?? probe.signal}`}); using TCG\n`)
  return false
}
