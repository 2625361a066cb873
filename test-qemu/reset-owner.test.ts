// Ownership is reset only with physical access: the boot menu's "reset owner" entry. This
// claims a node, then boots the kernel, initrd and options of that entry as written on the
// image's own ESP (what picking it in the menu does), and checks that the node forgot its
// owner, shows a new claim code, and kept everything else on /data.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'
import { builtImage, flashedDisk, imagePath } from '@pc2/test-support/images'
import { claimCodeFromConsole, claimNode, logIn, newOwner } from '@pc2/test-support/owner'

const image = builtImage()
const directory = mkdtempSync(join(tmpdir(), 'pc2-reset-'))

/** Reads a file from the ESP (the first partition, at 1 MiB) of the raw disk. */
function fromEsp (path: string, to?: string): string {
  const esp = `${imagePath(image, 'raw')}@@1M`
  if (to === undefined) return execFileSync('mtype', ['-i', esp, `::${path}`], { encoding: 'utf8' })
  execFileSync('mcopy', ['-n', '-i', esp, `::${path}`, to])
  return to
}

function entryOptions (entry: string): string {
  const options = fromEsp(`/loader/entries/${entry}`).split('\n').find((line) => line.startsWith('options '))
  assert.ok(options, `${entry} has an options line`)
  return options.slice('options '.length).trim()
}

describe('resetting the owner from the boot menu', { timeout: 20 * 60_000 }, () => {
  const disk = join(directory, 'disk.qcow2')
  const first = newOwner()
  let vm: VM
  let machineId: string

  before(async () => {
    flashedDisk(image, disk, '2G')
    vm = await VM.boot({ disk, snapshot: false })
    await waitUntilReady(vm)
    const { cookie } = await claimNode(vm, first)
    machineId = (await vm.getJson('/api/status', { cookie })).machineId
    await vm.qmp('system_powerdown')
    await vm.waitForExit(3 * 60_000)
    await vm.dispose()
  })

  after(async () => {
    await vm?.dispose()
    rmSync(directory, { recursive: true, force: true })
  })

  it('the menu entry is the normal one plus pc2.reset-owner=1', () => {
    assert.equal(entryOptions('pc2-reset-owner.conf'), `${entryOptions('pc2.conf')} pc2.reset-owner=1`)
    assert.match(fromEsp('/loader/loader.conf'), /^default pc2\.conf$/m, 'a normal boot never resets')
  })

  it('booting it forgets the owner, shows a new claim code and keeps /data', async () => {
    vm = await VM.boot({
      disk,
      snapshot: false,
      firmware: 'bios',
      directKernel: {
        kernel: fromEsp('/pc2/vmlinuz', join(directory, 'vmlinuz')),
        initrd: fromEsp('/pc2/initrd.img', join(directory, 'initrd.img')),
        commandLine: entryOptions('pc2-reset-owner.conf')
      }
    })
    await waitUntilReady(vm)
    const health = await vm.getJson('/api/health')
    assert.equal(health.claimed, false)
    await assert.rejects(logIn(vm, first), /NotClaimedError/)
    assert.match(await claimCodeFromConsole(vm), /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    const second = newOwner()
    const { cookie } = await claimNode(vm, second)
    const status = await vm.getJson('/api/status', { cookie })
    assert.equal(status.machineId, machineId, '/data kept the node identity')
  })
})
