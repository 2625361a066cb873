import assert from 'node:assert/strict'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { machine } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { collectHardware } from '../../src/status/hardware.ts'
import { boardModel, createFixtureSystem } from '../fixtures/system.ts'

describe('collectHardware', () => {
  it('names a Raspberry Pi by its device tree model, without the trailing NUL', async () => {
    const fixture = await createFixtureSystem()
    try {
      assert.deepEqual(await collectHardware(fixture.paths), { architecture: machine(), model: boardModel })
    } finally {
      await fixture.remove()
    }
  })

  it('names a PC or VM by its DMI vendor and product, skipping firmware placeholders', async () => {
    const fixture = await createFixtureSystem()
    try {
      await rm(fixture.paths.deviceTreeModel)
      await mkdir(fixture.paths.dmiDirectory, { recursive: true })
      await writeFile(join(fixture.paths.dmiDirectory, 'sys_vendor'), 'QEMU\n')
      await writeFile(join(fixture.paths.dmiDirectory, 'product_name'), 'Standard PC (Q35 + ICH9, 2009)\n')
      assert.equal((await collectHardware(fixture.paths)).model, 'QEMU Standard PC (Q35 + ICH9, 2009)')
      await writeFile(join(fixture.paths.dmiDirectory, 'sys_vendor'), 'To Be Filled By O.E.M.\n')
      assert.equal((await collectHardware(fixture.paths)).model, 'Standard PC (Q35 + ICH9, 2009)')
    } finally {
      await fixture.remove()
    }
  })

  it('gives a null model when neither the device tree nor DMI names the machine', async () => {
    const fixture = await createFixtureSystem()
    try {
      await rm(fixture.paths.deviceTreeModel)
      assert.equal((await collectHardware(fixture.paths)).model, null)
    } finally {
      await fixture.remove()
    }
  })
})
