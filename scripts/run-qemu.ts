// Boots a PC2 image in QEMU for a person: KVM when the machine has it, TCG otherwise; the
// admin port forwarded to 127.0.0.1; the URL printed once the node is ready; Ctrl-C powers
// the guest off cleanly (ACPI), and kills it if it has not stopped within a minute. However
// else this ends (an error, SIGTERM, SIGHUP), the guest is stopped with it.
//
// Usage: node scripts/run-qemu.ts [--target x86_64|aarch64] [--iso] [--bios] [--snapshot] [--port N] [--console]
//   --target aarch64 boots the arm64 UEFI disk (scripts/build-image --target aarch64) on
//   QEMU's virt machine, always emulated here.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { imageEntryName, imageTargetFacts, imageTargets } from '@pc2/core'
import type { ImageTarget } from '@pc2/core'
import { builtImage, imagePath, OUT } from '@pc2/test-support/images'
import type { ImageEntry } from '@pc2/test-support/images'
import { claimCodeFromConsole } from '@pc2/test-support/owner'
import { accelerator, VM, waitUntilReady } from '@pc2/test-support/qemu'

function usage (message: string): never {
  process.stderr.write(`run-qemu: ${message}\nusage: scripts/run-qemu [--target x86_64|aarch64] [--iso] [--bios] [--snapshot] [--port N] [--console]\n`)
  process.exit(2)
}

function readOptions () {
  try {
    return parseArgs({
      options: {
        target: { type: 'string', default: 'x86_64' },
        iso: { type: 'boolean', default: false },
        bios: { type: 'boolean', default: false },
        snapshot: { type: 'boolean', default: false },
        port: { type: 'string', default: '8080' },
        console: { type: 'boolean', default: false }
      }
    }).values
  } catch (error) {
    return usage((error as Error).message)
  }
}

const options = readOptions()
const port = Number(options.port)
if (!Number.isInteger(port) || port < 1 || port > 65535) usage(`--port must be a port number (1-65535), not "${options.port}"`)
if (options.bios && !options.iso) usage('--bios boots the ISO (the GPT disk is UEFI-only): add --iso')
// QEMU boots the targets whose firmware it has (UEFI); a Raspberry Pi card is for a Pi.
const bootable: readonly string[] = imageTargets.filter((name) => imageTargetFacts[name].boot === 'uefi')
if (!bootable.includes(options.target)) usage(`--target must be ${bootable.join(' or ')}, not "${options.target}" (a Raspberry Pi card is for a Pi: see README)`)
const target = options.target as ImageTarget
const facts = imageTargetFacts[target]
if (options.iso && !facts.outputs.includes('iso')) usage(`--iso is the PC image: the ${target} target is a disk`)

const entry = imageEntryName('pc2', target) as ImageEntry
const image = builtImage(entry)
let disk: string | undefined
if (!options.iso) {
  // A persistent VM disk (8 GiB; /data grows into it) — recreated when the image is rebuilt,
  // because the VM has no update mechanism yet.
  const source = imagePath(image, 'qcow2')
  mkdirSync(join(OUT, 'vm'), { recursive: true })
  disk = options.snapshot ? source : join(OUT, 'vm', `pc2-vm${facts.entrySuffix}.qcow2`)
  if (!options.snapshot && (!existsSync(disk) || statSync(disk).mtimeMs < statSync(source).mtimeMs)) {
    if (existsSync(disk)) process.stderr.write('run-qemu: the image was rebuilt: starting the VM from a fresh disk (its /data is reset)\n')
    execFileSync('cp', ['--sparse=always', source, disk])
    execFileSync('qemu-img', ['resize', '-q', disk, '8G'])
  }
}

const vm = await VM.boot({
  target,
  disk,
  iso: options.iso ? imagePath(image, 'iso') : undefined,
  firmware: options.bios ? 'bios' : 'uefi',
  snapshot: options.snapshot,
  hostPort: port,
  lifetimeMs: 2 ** 31 - 1
})
const emulated = !facts.qemu.kvm || accelerator() === 'tcg'
process.stderr.write(`run-qemu: booting PC2 ${image.version} ${image.arch} (${emulated ? 'TCG: software emulation, expect 1-3 minutes' : 'KVM'}); serial console: ${vm.serialPath}\n`)

let stopping = false
async function stop (): Promise<void> {
  if (stopping) return
  stopping = true
  process.stderr.write('\nrun-qemu: powering the node off (ACPI)…\n')
  try {
    await vm.qmp('system_powerdown')
    await vm.waitForExit(60_000)
  } catch {
    process.stderr.write('run-qemu: the guest did not power off in time: stopping QEMU\n')
  }
  await vm.dispose()
  process.exit(0)
}
process.on('SIGINT', () => { void stop() })
process.on('SIGTERM', () => { void stop() })

if (options.console) {
  let shown = 0
  setInterval(() => {
    const serial = vm.serial()
    process.stdout.write(serial.slice(shown))
    shown = serial.length
  }, 500).unref()
}

try {
  const seconds = await waitUntilReady(vm, 15 * 60_000)
  const health = await vm.getJson('/api/health')
  const code = health.claimed ? undefined : await claimCodeFromConsole(vm)
  process.stdout.write(`\nPC2 ${health.product.version} is ready after ${seconds.toFixed(0)}s: http://127.0.0.1:${port}/\n` +
    (code === undefined ? '' : `  claim code: ${code}\n`) + '  Ctrl-C powers it off.\n')
} catch (error) {
  process.stderr.write(`run-qemu: the node did not become ready: ${(error as Error).message}\n`)
  await vm.dispose()
  process.exit(1)
}
await vm.waitForExit(2 ** 31 - 1).catch(() => {})
if (!stopping) {
  process.stderr.write('run-qemu: the VM stopped\n')
  await vm.dispose()
}
