// The parsers behind the SD card check (test-support/src/sd-image.ts); the whole check runs on the
// built card, and on a card broken on purpose, in test-qemu/arm64/boot.test.ts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fatType, readConfigTxt, readMbr } from '../src/sd-image.ts'

describe('readConfigTxt', () => {
  it('reads the [all] settings as the firmware does: comments, other models\' sections and the initramfs line', () => {
    const config = readConfigTxt([
      '# comment', 'arm_64bit=1  # trailing comment', '', 'kernel=vmlinuz',
      'initramfs initrd.img followkernel',
      '[pi4]', 'arm_64bit=0', 'kernel=other',
      '[all]', 'enable_uart=1'
    ].join('\n'))
    assert.deepEqual(config, { arm_64bit: '1', kernel: 'vmlinuz', initramfs: 'initrd.img', enable_uart: '1' })
  })
})

describe('readMbr', () => {
  it('reads the disk identifier, the partitions with type, boot flag and extent, and the signature', () => {
    const sector = Buffer.alloc(512)
    sector.writeUInt32LE(0x5a3180f1, 440)
    const entry = (index: number, boot: number, type: number, start: number, sectors: number): void => {
      const at = 446 + 16 * index
      sector[at] = boot
      sector[at + 4] = type
      sector.writeUInt32LE(start, at + 8)
      sector.writeUInt32LE(sectors, at + 12)
    }
    entry(0, 0x80, 0x0c, 2048, 196608)
    entry(2, 0x00, 0x83, 198656, 32768)
    sector[510] = 0x55
    sector[511] = 0xaa
    assert.deepEqual(readMbr(sector), {
      diskId: '5a3180f1',
      signature: true,
      partitions: [
        { number: 1, type: 0x0c, bootable: true, startSector: 2048, sectors: 196608 },
        { number: 3, type: 0x83, bootable: false, startSector: 198656, sectors: 32768 }
      ]
    })
    assert.equal(readMbr(Buffer.alloc(512)).signature, false)
  })
})

describe('fatType', () => {
  it('tells FAT32 from FAT16 by the boot sector, and nothing from a sector that is no FAT', () => {
    const fat32 = Buffer.alloc(512)
    fat32.write('FAT32   ', 82, 'latin1')
    fat32[510] = 0x55
    fat32[511] = 0xaa
    assert.equal(fatType(fat32), 'FAT32')
    const fat16 = Buffer.alloc(512)
    fat16.write('FAT16   ', 54, 'latin1')
    fat16[510] = 0x55
    fat16[511] = 0xaa
    assert.equal(fatType(fat16), 'FAT16')
    assert.equal(fatType(Buffer.alloc(512)), '')
  })
})
