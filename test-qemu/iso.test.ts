// Boots the hybrid ISO as a CD with UEFI firmware and with legacy BIOS: both reach a ready
// node running the same verified root, with /data in RAM (a live session).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { builtImage, imagePath } from '@pc2/test-support/images'
import { VM, waitUntilReady, type Firmware } from '@pc2/test-support/qemu'
import { claimNode, newOwner } from '@pc2/test-support/owner'

const image = builtImage()

describe('hybrid ISO', { timeout: 40 * 60_000 }, () => {
  for (const firmware of ['uefi', 'bios'] satisfies Firmware[]) {
    it(`boots from CD with ${firmware.toUpperCase()} firmware`, async () => {
      const vm = await VM.boot({ iso: imagePath(image, 'iso'), firmware })
      try {
        const seconds = await waitUntilReady(vm)
        process.stdout.write(`# ${firmware} ISO ready in ${seconds.toFixed(1)}s\n`)
        const { cookie } = await claimNode(vm, newOwner())
        const status = await vm.getJson('/api/status', { cookie })
        assert.equal(status.root.verity.enabled, true)
        assert.equal(status.root.verity.rootHash, image.rootHash)
        assert.equal(status.root.readOnly, true)
        assert.equal(status.data.volatile, true, '/data is RAM in a live session')
        assert.deepEqual(status.system.failedUnits, [])
        await vm.waitForSerial(/live session: \/data is kept in RAM/, 60_000)
      } finally {
        await vm.dispose()
      }
    })
  }

  it('boots from a USB stick with BIOS firmware', async () => {
    const vm = await VM.boot({ usb: imagePath(image, 'iso'), firmware: 'bios' })
    try {
      await waitUntilReady(vm)
      const { cookie } = await claimNode(vm, newOwner())
      const status = await vm.getJson('/api/status', { cookie })
      assert.equal(status.root.verity.rootHash, image.rootHash)
      assert.deepEqual(status.system.failedUnits, [])
    } finally {
      await vm.dispose()
    }
  })
})
