// The arm64 images under TCG (every instruction emulated: 40 s to 2 min a boot, so only the
// boots that matter): the generic aarch64 UEFI disk on QEMU's virt machine, checked from
// outside as the x86 disk is (services up, nothing failed, verified read-only root, /data
// grown and kept across the owner's reboot), and the Raspberry Pi SD card — checked against
// what the Pi firmware needs, then booted as QEMU's Raspberry Pi 3B, owned headless through
// cmdline.txt, its services reached over its USB Ethernet, rebooted once.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { builtImage, flashedDisk, imagePath, OUT } from '@pc2/test-support/images'
import { claimNode, logIn, newOwner, type OwnerSession } from '@pc2/test-support/owner'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'
import { bootPartitionDrive, checkSdImage } from '@pc2/test-support/sd-image'

const bootTimeoutMs = 25 * 60_000

describe('aarch64 disk image on QEMU virt (UEFI, TCG)', { timeout: 60 * 60_000 }, () => {
  const image = builtImage('pc2-aarch64')
  const directory = mkdtempSync(join(tmpdir(), 'pc2-aarch64-test-'))
  const disk = join(directory, 'disk.qcow2')
  const owner = newOwner()
  let vm: VM
  let session: OwnerSession
  let first: any

  before(async () => {
    flashedDisk(image, disk, '3G')
    vm = await VM.boot({ target: 'aarch64', disk, snapshot: false, lifetimeMs: 50 * 60_000 })
    const seconds = await waitUntilReady(vm, bootTimeoutMs)
    process.stdout.write(`# aarch64 booted to ready in ${seconds.toFixed(1)}s under TCG\n`)
    session = await claimNode(vm, owner)
    first = await vm.getJson('/api/status', { cookie: session.cookie, timeoutMs: 60_000 })
  })

  after(async () => {
    await vm?.dispose()
    rmSync(directory, { recursive: true, force: true })
  })

  it('runs every service of the x86 image, with no failed unit, on arm64', () => {
    assert.equal(first.product.version, image.version)
    assert.deepEqual(first.system.failedUnits, [], `failed units: ${first.system.failedUnits}`)
    assert.equal(first.system.state, 'running')
    for (const service of ['pc2-admin', 'pc2-vault', 'pc2-ipfs', 'pc2-shop', 'pc2-apps', 'pc2-egress']) {
      const unit = first.units.find((candidate: any) => candidate.name === `${service}.service`)
      assert.equal(unit?.active, 'active', `${service}: ${JSON.stringify(unit)}`)
    }
    assert.equal(first.hardware.architecture, 'aarch64')
  })

  it('runs from a read-only root verified by dm-verity with the built root hash', () => {
    assert.equal(first.root.readOnly, true)
    assert.equal(first.root.fsType, 'squashfs')
    assert.equal(first.root.verity.enabled, true)
    assert.equal(first.root.verity.rootHash, image.rootHash)
  })

  it('mounts /data grown to fill the disk, and keeps it across the owner\'s reboot', async () => {
    assert.equal(first.data.mounted, true)
    assert.ok(first.data.totalBytes > 1.5 * 2 ** 30, `/data is ${first.data.totalBytes} bytes`)
    const again = await rebootedByOwner(vm, session, owner, 'aarch64')
    session = again.session
    assert.notEqual(again.status.bootId, first.bootId)
    assert.equal(again.status.machineId, first.machineId)
    assert.deepEqual(again.status.system.failedUnits, [])
  })
})

describe('Raspberry Pi SD card image', { timeout: 45 * 60_000 }, () => {
  const image = builtImage('pc2-rpi')
  const raw = imagePath(image, 'raw')
  const directory = mkdtempSync(join(tmpdir(), 'pc2-rpi-test-'))
  after(() => { rmSync(directory, { recursive: true, force: true }) })

  it('carries the very root of the aarch64 disk, built from the same inputs', () => {
    assert.equal(image.rootHash, builtImage('pc2-aarch64').rootHash)
  })

  it('has what the Pi firmware needs: MBR, FAT32 boot partition, firmware, config.txt, cmdline.txt, kernel, DTBs', () => {
    const report = checkSdImage(raw, { rootHash: image.rootHash })
    assert.deepEqual(report.problems, [])
    assert.equal(report.fatType, 'FAT32')
    assert.equal(report.config.arm_64bit, '1')
    assert.ok(report.files.includes('bcm2711-rpi-4-b.dtb') && report.files.includes('bcm2837-rpi-3-b.dtb'))
    assert.ok(statSync(imagePath(image, 'xz')).size < statSync(raw).size)
  })

  it('lists in its SBOM the raspi-firmware package whose files are on the boot partition', () => {
    const drive = bootPartitionDrive(raw)
    const onCard = execFileSync('mtype', ['-i', drive, '::/FIRMWARE-VERSION'], { encoding: 'utf8' }).trim()
    const sbom = JSON.parse(readFileSync(join(OUT, image.sbom!), 'utf8'))
    const listed = sbom.debian.find((entry: any) => entry.name === 'raspi-firmware')
    assert.ok(listed !== undefined, 'the SBOM has no raspi-firmware entry')
    assert.equal(onCard, `raspi-firmware_${listed.version.replace(/^\d+:/, '')}_${listed.architecture}`)
  })

  it('names what is wrong with a card the Pi could not boot', () => {
    const broken = join(directory, 'broken.img')
    copyFileSync(raw, broken)
    const drive = bootPartitionDrive(broken)
    execFileSync('mdel', ['-i', drive, '::/start4.elf'])
    const config = join(directory, 'config.txt')
    execFileSync('mcopy', ['-i', drive, '::/config.txt', config])
    const text = readFileSync(config, 'utf8').replace('arm_64bit=1', 'arm_64bit=0')
    execFileSync('mcopy', ['-o', '-i', drive, '-', '::/config.txt'], { input: text })
    const problems = checkSdImage(broken, { rootHash: image.rootHash }).problems
    assert.ok(problems.includes('the boot partition has no start4.elf'), problems.join('\n'))
    assert.ok(problems.some((problem) => problem.startsWith('config.txt sets arm_64bit=0, not 1')), problems.join('\n'))
    assert.equal(problems.length, 2, problems.join('\n'))
    rmSync(broken)
  })

  it('boots on QEMU\'s Raspberry Pi 3B from its SD card, owned headless: verified root, /data grown to the card, the services on its USB Ethernet', async () => {
    // As flashed onto a 2 GiB card (QEMU wants an SD card's size to be a power of two).
    const card = join(directory, 'card.img')
    copyFileSync(raw, card)
    truncateSync(card, 2 * 2 ** 30)
    const drive = bootPartitionDrive(card)
    // A Pi without a screen: its owner names their wallet in cmdline.txt on the card's boot
    // partition after flashing, as README says, instead of reading a claim code.
    const owner = newOwner()
    const edited = join(directory, 'cmdline.txt')
    execFileSync('mcopy', ['-n', '-i', drive, '::/cmdline.txt', edited])
    execFileSync('mcopy', ['-o', '-i', drive, '-', '::/cmdline.txt'], { input: `${readFileSync(edited, 'utf8').trimEnd()} pc2.owner=${owner.address.toLowerCase()}\n` })
    // QEMU does not run the Pi's GPU firmware: it loads what the firmware would, read off the
    // card's boot partition as config.txt names it, with the card's own command line.
    const take = (file: string): string => {
      const out = join(directory, file)
      execFileSync('mcopy', ['-n', '-i', drive, `::/${file}`, out])
      return out
    }
    const commandLine = readFileSync(take('cmdline.txt'), 'utf8').trim()
    const vm = await VM.boot({
      target: 'rpi',
      disk: card,
      snapshot: false,
      lifetimeMs: 40 * 60_000,
      directKernel: { kernel: take('vmlinuz'), initrd: take('initrd.img'), dtb: take('bcm2837-rpi-3-b.dtb'), commandLine }
    })
    try {
      const seconds = await waitUntilReady(vm, bootTimeoutMs)
      process.stdout.write(`# Raspberry Pi 3B (QEMU raspi3b, TCG) booted to ready in ${seconds.toFixed(1)}s\n`)
      await vm.waitForSerial(/pc2: root image verified \(dm-verity/, 60_000)
      await vm.waitForSerial(/pc2: growing \/data to fill \/dev\/mmcblk0/, 60_000)
      // waitUntilReady waited for the banner to say whether there is an owner.
      assert.doesNotMatch(vm.serial(), /Claim it in the admin UI/, 'owned from the first boot: no claim code')
      // Signed in with the test's real clock while the Pi's (no RTC, no NTP here) is the
      // image's build time or later: the node does not judge the message's times then.
      const session = await logIn(vm, owner)
      const status = await vm.getJson('/api/status', { cookie: session.cookie, timeoutMs: 60_000 })
      assert.deepEqual(status.hardware, { architecture: 'aarch64', model: 'Raspberry Pi 3 Model B' })
      assert.deepEqual(status.system.failedUnits, [], `failed units: ${status.system.failedUnits}`)
      assert.equal(status.root.readOnly, true)
      assert.equal(status.root.verity.rootHash, image.rootHash)
      assert.equal(status.data.source, '/dev/mmcblk0p4')
      // 256 MiB as built; the card's 2 GiB less boot, root and hash tree (~0.9 GiB) once grown.
      assert.ok(status.data.totalBytes > 2 ** 30, `/data is ${status.data.totalBytes} bytes on a 2 GiB card`)
      for (const service of ['pc2-admin', 'pc2-vault', 'pc2-ipfs', 'pc2-shop', 'pc2-apps', 'pc2-egress']) {
        assert.equal(status.units.find((unit: any) => unit.name === `${service}.service`)?.active, 'active', service)
      }
      // The board restarts; its clock starts again from what timesyncd recorded on /data, not
      // from the build time, so it never runs backwards across the reboot.
      await sleep(5000)
      const before = await vm.getJson('/api/status', { cookie: session.cookie, timeoutMs: 60_000 })
      const again = await rebootedByOwner(vm, session, owner, 'Raspberry Pi 3B')
      assert.notEqual(again.status.bootId, status.bootId)
      assert.equal(again.status.machineId, status.machineId)
      assert.deepEqual(again.status.system.failedUnits, [])
      assert.ok(Date.parse(again.status.generatedAt) > Date.parse(before.generatedAt),
        `the clock went back across the reboot: ${before.generatedAt} before, ${again.status.generatedAt} after`)
    } finally {
      await vm.dispose()
    }
  })
})

/** The owner reboots the node from the API; back up, the node still knows its owner. */
async function rebootedByOwner (vm: VM, session: OwnerSession, owner: ReturnType<typeof newOwner>, what: string): Promise<{ session: OwnerSession, status: any }> {
  const mark = vm.serial().length
  const response = await fetch(`http://127.0.0.1:${vm.httpPort}/api/system/reboot`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
    body: '{}'
  })
  assert.equal(response.status, 202)
  const seconds = await waitUntilReady(vm, bootTimeoutMs, mark)
  process.stdout.write(`# ${what} rebooted to ready (${seconds.toFixed(1)}s since QEMU started)\n`)
  assert.doesNotMatch(vm.serial().slice(mark), /Claim it in the admin UI/, 'still claimed: the owner on /data survived')
  const again = await logIn(vm, owner)
  return { session: again, status: await vm.getJson('/api/status', { cookie: again.cookie, timeoutMs: 60_000 }) }
}
