// `npm run bench`: measures the appliance and writes out/bench.json, each figure as
// {"value", "unit"} plus "baseline" and "ratio" where it compares against something measured
// in the same run. Later work adds its keys to the same file.
//
//   image_build_warm_s  full image build with the Debian package cache warm
//   iso_mib, disk_mib   sizes of the hybrid ISO and the raw GPT disk
//   boot_ready_s        QEMU start → admin API answering (/api/health); baseline: the bare image (same OS,
//                       one hello Node service, built in this run) answering HTTP
//   idle_rss_mib        memory of all pc2-* units (systemd MemoryCurrent) after 30 s idle
//   ui_bundle_gzip_kib  the admin UI as shipped (HTML, JS, CSS; every chunk), gzip -9
//   encrypt_add_mib_s, transfer_mib_s, peak_rss_mib: files on a host node (bench/storage.ts)
//   purchase_key_p50_ms, purchase_key_p95_ms, gas_*: FileShop on anvil (bench/shop.ts)
//   egress_attempts, egress_escapes, egress_refusal_ms: pc2-egress in a namespace (bench/egress.ts)
//   wasm_cold_start_ms, wasm_request_p50_ms, wasm_request_p95_ms, wasm_net_run_ms: the example apps and the network job (bench/apps.ts)
//   max_unit_exposure   the worst `systemd-analyze security` score of a pc2-* unit in the image
//   reproducible        1 when the warm build gave the root hash of the build before it, else 0
//   pi_img_xz_mib       the Raspberry Pi SD card as downloaded (.img.xz; goal ≤ 150); baseline:
//                       the raw card
//   aarch64_boot_ready_s  QEMU virt (TCG, arm64 emulated, UEFI) start → admin API answering;
//                       baseline: the x86_64 disk's boot in this run (KVM where there is one)
//
//   npm run bench [-- --only storage|shop|egress|apps|arm64]   (scripts/bench installs what it needs and runs this)
//
// Every guest it boots is disposed of on every way out (a failed step, Ctrl-C: exit-cleanup.ts).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import type { ImageTarget } from '@pc2/core'
import { builtImage, imagePath, OUT } from '@pc2/test-support/images'
import { claimNode, newOwner } from '@pc2/test-support/owner'
import { GuestPanic, VM, waitUntilReady } from '@pc2/test-support/qemu'
import { benchApps } from './apps.ts'
import { benchEgress } from './egress.ts'
import { round } from './figure.ts'
import type { Figure } from './figure.ts'
import { benchShop } from './shop.ts'
import { benchStorage } from './storage.ts'

const figures: Record<string, Figure> = {}

function report (key: string, figure: Figure): void {
  figures[key] = figure
  const comparison = figure.baseline === undefined ? '' : ` (baseline ${figure.baseline} ${figure.unit}, ratio ${figure.ratio})`
  process.stdout.write(`${key.padEnd(22)} ${String(figure.value).padStart(8)} ${figure.unit}${comparison}\n`)
}

function buildImage (args: string[]): number {
  const started = Date.now()
  const result = spawnSync(join(import.meta.dirname, '..', 'scripts', 'build-image'), args, { stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) throw new Error(`scripts/build-image ${args.join(' ')} failed`)
  return (Date.now() - started) / 1000
}

/**
 * Seconds from QEMU start until GET `path` on the forwarded port answers 200. The one TCG
 * crash of the emulator's own (qemu.ts, GuestPanic) switches the machine off and on once, and
 * the time counts from the second start; any other panic fails at once.
 */
async function bootToHttp (disk: string, path: string, target: ImageTarget = 'x86_64'): Promise<{ seconds: number, vm: VM }> {
  const vm = await VM.boot({ disk, target, lifetimeMs: 40 * 60_000 })
  const until = Date.now() + 30 * 60_000
  let restarted = false
  while (Date.now() < until) {
    if (vm.panicked()) {
      const panic = new GuestPanic('the guest kernel panicked', vm.serial())
      if (restarted || !panic.isEmulatorTextPatchRace()) break
      process.stdout.write('# the guest kernel hit the TCG text-patching race; switching the same machine off and on once\n')
      restarted = true
      await vm.restart()
    }
    try {
      const response = await fetch(`http://127.0.0.1:${vm.httpPort}${path}`, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return { seconds: (Date.now() - vm.startedAt) / 1000, vm }
    } catch {}
    if (await vm.hasExited()) break
    await sleep(250)
  }
  const tail = vm.tail()
  await vm.dispose()
  throw new Error(`the image never answered ${path}; serial console:\n${tail}`)
}

function save (): void {
  const file = join(OUT, 'bench.json')
  const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  writeFileSync(file, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`)
  process.stdout.write(`wrote ${file}\n`)
}

// Host figures first: they need no image and no guest competing for the two cores.
const onlyIndex = process.argv.indexOf('--only')
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1]
if (only !== undefined && !['storage', 'shop', 'egress', 'apps', 'arm64'].includes(only)) throw new Error(`--only takes storage, shop, egress, apps or arm64, not ${only}`)
if (only === undefined || only === 'storage') for (const [key, figure] of Object.entries(await benchStorage())) report(key, figure)
if (only === undefined || only === 'shop') for (const [key, figure] of Object.entries(await benchShop())) report(key, figure)
if (only === undefined || only === 'egress') for (const [key, figure] of Object.entries(await benchEgress())) report(key, figure)
if (only === undefined || only === 'apps') for (const [key, figure] of Object.entries(await benchApps())) report(key, figure)
/** The Raspberry Pi download, and the arm64 disk's boot under emulation against the PC disk's. */
async function benchArm64 (pcBootSeconds: number): Promise<void> {
  buildImage(['--target', 'rpi'])
  const pi = builtImage('pc2-rpi')
  const piMib = (kind: 'xz' | 'raw'): number => round(statSync(imagePath(pi, kind)).size / 2 ** 20)
  report('pi_img_xz_mib', { value: piMib('xz'), unit: 'MiB', baseline: piMib('raw'), ratio: round(piMib('xz') / piMib('raw'), 3) })
  buildImage(['--target', 'aarch64'])
  const arm = await bootToHttp(imagePath(builtImage('pc2-aarch64'), 'qcow2'), '/api/health', 'aarch64')
  await arm.vm.dispose()
  report('aarch64_boot_ready_s', { value: round(arm.seconds), unit: 's', baseline: round(pcBootSeconds), ratio: round(arm.seconds / pcBootSeconds, 2) })
}

if (only === 'arm64') {
  if (!existsSync(join(OUT, 'image.json')) || !('pc2' in JSON.parse(readFileSync(join(OUT, 'image.json'), 'utf8')))) buildImage([])
  const pc = await bootToHttp(imagePath(builtImage(), 'qcow2'), '/api/health')
  await pc.vm.dispose()
  await benchArm64(pc.seconds)
}
if (only !== undefined) {
  save()
  process.exit(0)
}

// A warm build needs the base root filesystem cached: a first build fills the cache.
if (!existsSync(join(OUT, 'image.json'))) buildImage([])
const previousRoot = builtImage().rootHash
report('image_build_warm_s', { value: round(buildImage([])), unit: 's' })
// Same inputs, so the same root: every byte of the verified root, hashed.
report('reproducible', { value: builtImage().rootHash === previousRoot ? 1 : 0, unit: 'bool' })
const exposure = Object.values(builtImage().exposure ?? {})
report('max_unit_exposure', { value: exposure.length === 0 ? NaN : Math.max(...exposure), unit: 'score (0-10)' })
buildImage(['--variant', 'bare', '--outputs', 'disk'])

const image = builtImage()
const ui = join(OUT, 'work', 'pc2', 'bundles', 'web-ui')
const uiGzipBytes = readdirSync(ui).filter((file) => /\.(html|js|css)$/.test(file))
  .reduce((sum, file) => sum + gzipSync(readFileSync(join(ui, file)), { level: 9 }).length, 0)
report('ui_bundle_gzip_kib', { value: round(uiGzipBytes / 1024), unit: 'KiB' })
report('iso_mib', { value: round(statSync(imagePath(image, 'iso')).size / 2 ** 20), unit: 'MiB' })
report('disk_mib', { value: round(statSync(imagePath(image, 'raw')).size / 2 ** 20), unit: 'MiB' })

// One guest at a time: two emulated guests on two cores would slow each other.
const bare = await bootToHttp(imagePath(builtImage('bare'), 'qcow2'), '/')
await bare.vm.dispose()
const pc2 = await bootToHttp(imagePath(image, 'qcow2'), '/api/health')
let status: any
try {
  report('boot_ready_s', {
    value: round(pc2.seconds), unit: 's', baseline: round(bare.seconds), ratio: round(pc2.seconds / bare.seconds, 2)
  })
  await waitUntilReady(pc2.vm)
  const { cookie } = await claimNode(pc2.vm, newOwner())
  await sleep(30_000)
  status = await pc2.vm.getJson('/api/status', { cookie })
} finally {
  await pc2.vm.dispose()
}
const memory = status.units
  .filter((unit: any) => unit.name.startsWith('pc2-') && typeof unit.memoryBytes === 'number')
  .reduce((sum: number, unit: any) => sum + unit.memoryBytes, 0)
report('idle_rss_mib', { value: round(memory / 2 ** 20), unit: 'MiB' })

await benchArm64(pc2.seconds)

save()
