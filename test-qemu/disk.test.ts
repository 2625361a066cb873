// Boots the GPT disk image (UEFI, systemd-boot) and checks the appliance from outside, as
// its owner: services up, nothing failed, verified read-only root, /data grown and
// persistent across a power cut, an owner's reboot and power-off, no listening socket we
// did not intend, and the node's name answered over mDNS.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { builtImage, flashedDisk } from '@pc2/test-support/images'
import { freePort } from '@pc2/test-support/free-port'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'
import { unexpectedListeners } from './lib/listening.ts'
import { resolveOverMdns } from './lib/mdns.ts'
import { claimNode, logIn, newOwner, type OwnerSession } from '@pc2/test-support/owner'

const image = builtImage()

describe('disk image (UEFI)', { timeout: 40 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-disk-test-'))
  // A throwaway overlay, larger than the image, as if flashed onto a 3 GiB disk. Writes
  // persist across the reboots in this file and are deleted at the end.
  const disk = join(directory, 'disk.qcow2')
  const owner = newOwner()
  const lanLink = { sendPort: 0, listenPort: 0 }
  let vm: VM
  let session: OwnerSession
  let first: any

  before(async () => {
    flashedDisk(image, disk, '3G')
    lanLink.sendPort = await freePort()
    lanLink.listenPort = await freePort()
    vm = await VM.boot({ disk, snapshot: false, lanLink })
    const seconds = await waitUntilReady(vm)
    process.stdout.write(`# booted to ready in ${seconds.toFixed(1)}s\n`)
    session = await claimNode(vm, owner)
    first = await vm.getJson('/api/status', { cookie: session.cookie })
  })

  after(async () => {
    await vm?.dispose()
    rmSync(directory, { recursive: true, force: true })
  })

  it('answers nothing about itself without the owner\'s session', async () => {
    const response = await fetch(`http://127.0.0.1:${vm.httpPort}/api/status`)
    assert.equal(response.status, 401)
    assert.equal((await response.json() as any).error.name, 'UnauthenticatedError')
  })

  it('reports the product and no failed units', async () => {
    assert.equal(first.product.version, image.version)
    assert.equal(first.product.hostname, 'pc2')
    // The console banner names the node as the LAN reaches it (it once printed "http://.local/").
    await vm.waitForSerial(/Admin UI: http:\/\/pc2\.local\//, 60_000)
    assert.deepEqual(first.system.failedUnits, [], `failed units: ${first.system.failedUnits}`)
    assert.equal(first.system.state, 'running')
    const admin = first.units.find((unit: any) => unit.name === 'pc2-admin.service')
    assert.ok(admin, 'pc2-admin.service is listed')
    assert.equal(admin.active, 'active')
    assert.equal(admin.sub, 'running')
    assert.ok(first.uptimeSeconds > 0)
  })

  it('runs from a read-only root verified by dm-verity with the built root hash', () => {
    assert.equal(first.root.readOnly, true)
    assert.equal(first.root.fsType, 'squashfs')
    assert.equal(first.root.verity.enabled, true)
    assert.equal(first.root.verity.name, 'pc2-root')
    assert.equal(first.root.verity.rootHash, image.rootHash)
  })

  it('mounts a writable /data that grew to fill the disk', () => {
    assert.equal(first.data.mounted, true)
    assert.equal(first.data.fsType, 'ext4')
    assert.equal(first.data.volatile, false)
    // The image ships /data at a few hundred MiB; the disk here is 3 GiB.
    assert.ok(first.data.totalBytes > 1.5 * 2 ** 30, `/data is ${first.data.totalBytes} bytes`)
    assert.ok(first.data.availableBytes > 0)
    assert.match(first.machineId, /^[0-9a-f]{32}$/)
  })

  it('listens on nothing but the admin port and DHCP beyond loopback', () => {
    assert.deepEqual(unexpectedListeners(first.listening), [])
    assert.ok(first.listening.some((socket: any) => socket.protocol === 'tcp' && socket.port === 80))
  })

  it('answers for pc2.local on the LAN (mDNS)', async () => {
    const answer = await resolveOverMdns('pc2.local', lanLink.sendPort, lanLink.listenPort, 60_000)
    assert.ok(answer.length > 12)
  })

  it('keeps /data across a power cut (hard reset)', async () => {
    vm = await vm.powerCut()
    await waitUntilReady(vm)
    assert.doesNotMatch(vm.serial(), /Claim it in the admin UI/, 'still claimed: no new claim code')
    session = await logIn(vm, owner)
    const after = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.notEqual(after.bootId, first.bootId, 'the node rebooted')
    assert.equal(after.machineId, first.machineId, 'identity on /data survived')
    assert.deepEqual(after.system.failedUnits, [])
  })

  it('reboots when the owner asks (through the root helper unit)', async () => {
    const mark = vm.serial().length
    const before = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.equal(await ownerPost('/api/system/reboot'), 202)
    await waitUntilReady(vm, 10 * 60_000, mark)
    session = await logIn(vm, owner)
    const after = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.notEqual(after.bootId, before.bootId)
    assert.equal(after.machineId, first.machineId)
    assert.doesNotMatch(vm.serial().slice(mark), /recovering journal/, 'a requested reboot is a clean one')
  })

  it('powers off when the owner asks, cleanly, and boots again with the same /data', async () => {
    assert.equal(await ownerPost('/api/system/poweroff'), 202)
    assert.equal(await vm.waitForExit(3 * 60_000), 0)
    assert.doesNotMatch(vm.serial(), /Failed to (start|stop)|FAILED/)
    await vm.dispose()
    vm = await VM.boot({ disk, snapshot: false })
    await waitUntilReady(vm)
    session = await logIn(vm, owner)
    const again = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.equal(again.machineId, first.machineId)
    assert.deepEqual(again.system.failedUnits, [])
    assert.doesNotMatch(vm.serial(), /recovering journal|FAILED/, 'clean shutdown: no ext4 journal recovery')
  })

  /** POSTs as the owner (session cookie + CSRF token); returns the HTTP status. */
  async function ownerPost (path: string): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${vm.httpPort}${path}`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: '{}'
    })
    await response.body?.cancel()
    return response.status
  }
})
