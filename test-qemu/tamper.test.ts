// A root that does not match its root hash must never boot: one flipped byte in the root
// partition stops the boot with a clear message on the console, and so does a damaged hash
// tree. Each case boots a private copy of the raw disk.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { builtImage, imagePath } from '@pc2/test-support/images'
import { READY, VM } from '@pc2/test-support/qemu'

const image = builtImage()
const directory = mkdtempSync(join(tmpdir(), 'pc2-tamper-'))

function partitionOffset (disk: string, name: string): number {
  const table = JSON.parse(execFileSync('sfdisk', ['--json', disk], { encoding: 'utf8' }))
  const partition = table.partitiontable.partitions.find((p: any) => p.name === name)
  assert.ok(partition, `partition ${name} exists`)
  return partition.start * table.partitiontable.sectorsize
}

/** Copies the raw disk and flips one byte `offset` bytes into partition `name`. */
function tamperedCopy (name: string, offset: number | ((read: (at: number, length: number) => Buffer) => number)): string {
  const copy = join(directory, `${name}-${Math.random().toString(16).slice(2)}.img`)
  execFileSync('cp', ['--sparse=always', imagePath(image, 'raw'), copy])
  const start = partitionOffset(copy, name)
  const fd = openSync(copy, 'r+')
  const read = (at: number, length: number): Buffer => {
    const buffer = Buffer.alloc(length)
    readSync(fd, buffer, 0, length, start + at)
    return buffer
  }
  const position = start + (typeof offset === 'number' ? offset : offset(read))
  const byte = Buffer.alloc(1)
  readSync(fd, byte, 0, 1, position)
  writeSync(fd, Buffer.from([byte.readUInt8(0) ^ 0x01]), 0, 1, position)
  closeSync(fd)
  return copy
}

async function bootExpectingRefusal (disk: string, message: RegExp): Promise<string> {
  const vm = await VM.boot({ disk })
  try {
    await vm.waitForSerial(message, 8 * 60_000)
    // Give a wrongly-continuing boot time to show itself before declaring it stopped.
    await new Promise((resolve) => setTimeout(resolve, 5000))
    const serial = vm.serial()
    assert.doesNotMatch(serial, READY, 'a tampered root must never reach a running node')
    assert.doesNotMatch(serial, /Welcome to|systemd\[1\]/, 'systemd must never start from a tampered root')
    return serial
  } finally {
    await vm.dispose()
  }
}

describe('tampered root', { timeout: 30 * 60_000 }, () => {
  after(() => { rmSync(directory, { recursive: true, force: true }) })

  it('a flipped byte in the root filesystem stops the boot with a clear message', async () => {
    // Byte 100 lies in the squashfs superblock, the first block read.
    const serial = await bootExpectingRefusal(tamperedCopy('pc2-root', 100),
      /PC2 REFUSES TO BOOT: the root image failed verification/)
    assert.match(serial, /data block 0 is corrupted/)
  })

  it('a flipped byte in the hash tree is refused before anything is mounted', async () => {
    // Past the 512-byte verity superblock: the first hash block.
    await bootExpectingRefusal(tamperedCopy('pc2-root-verity', 4096 + 7), /PC2 REFUSES TO BOOT: the root image failed verification/)
  })

  it('corruption found after the first block panics the kernel instead of booting', async () => {
    // The squashfs id table lies at the end of the image and is read while mounting, after
    // the initramfs's first-block check has passed: the panic-on-corruption path.
    const serial = await bootExpectingRefusal(tamperedCopy('pc2-root', (read) => {
      const idTableStart = Number(read(0, 96).readBigUInt64LE(48))
      assert.ok(idTableStart >= 4096, 'the id table is not in the first block')
      return idTableStart
    }), /Kernel panic - not syncing: dm-verity device corrupted/)
    assert.match(serial, /(data|metadata) block \d+ is corrupted/)
  })
})
