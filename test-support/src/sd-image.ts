// What the Raspberry Pi firmware needs of an SD card, checked on the image file, since no
// real Pi runs here: an MBR with a bootable FAT partition first; on it the boot ROM's and
// GPU firmware's files (Pi 3: bootcode.bin, start.elf, fixup.dat; Pi 4: start4.elf,
// fixup4.dat), config.txt asking for a 64-bit kernel that is there, under upstream device
// tree names that are there, and a one-line cmdline.txt; then PC2's root, hash tree and
// /data where the initramfs looks for them. `node test-support/src/sd-image.ts IMG` prints it.
import { execFileSync } from 'node:child_process'
import { closeSync, openSync, readSync } from 'node:fs'
import { imageTargetFacts } from '@pc2/core'

export interface MbrPartition { number: number, type: number, bootable: boolean, startSector: number, sectors: number }

export interface SdImageReport {
  diskId: string
  partitions: MbrPartition[]
  fatType: string
  files: string[]
  config: Record<string, string>
  commandLine: string
  /** Each thing the Pi firmware or PC2's initramfs would stumble over, in words. */
  problems: string[]
}

const SECTOR = 512

function readAt (fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length)
  readSync(fd, buffer, 0, length, offset)
  return buffer
}

export function readMbr (sector: Buffer): { diskId: string, partitions: MbrPartition[], signature: boolean } {
  const partitions: MbrPartition[] = []
  for (let index = 0; index < 4; index++) {
    const entry = sector.subarray(446 + 16 * index, 446 + 16 * (index + 1))
    const type = entry[4]!
    if (type === 0) continue
    partitions.push({ number: index + 1, type, bootable: entry[0] === 0x80, startSector: entry.readUInt32LE(8), sectors: entry.readUInt32LE(12) })
  }
  return { diskId: sector.readUInt32LE(440).toString(16).padStart(8, '0'), partitions, signature: sector[510] === 0x55 && sector[511] === 0xaa }
}

/** The FAT variant a boot sector declares ("FAT32", "FAT16", "FAT12"), or '' when it is none. */
export function fatType (bootSector: Buffer): string {
  if (bootSector[510] !== 0x55 || bootSector[511] !== 0xaa) return ''
  if (bootSector.subarray(82, 87).toString('latin1') === 'FAT32') return 'FAT32'
  const label = bootSector.subarray(54, 59).toString('latin1')
  return label === 'FAT16' || label === 'FAT12' ? label : ''
}

/** config.txt as the firmware reads the `[all]` part: key=value lines and `initramfs FILE …`. */
export function readConfigTxt (text: string): Record<string, string> {
  const config: Record<string, string> = {}
  let section = 'all'
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim()
    if (line === '') continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header !== null) { section = header[1]!; continue }
    if (section !== 'all') continue
    const initramfs = /^initramfs\s+(\S+)/.exec(line)
    if (initramfs !== null) { config.initramfs = initramfs[1]!; continue }
    const pair = /^([A-Za-z0-9_]+)=(.*)$/.exec(line)
    if (pair !== null) config[pair[1]!] = pair[2]!.trim()
  }
  return config
}

/** mtools' name (`-i`) for the FAT file system on the card's first partition: `image@@offset`. */
export function bootPartitionDrive (image: string): string {
  const fd = openSync(image, 'r')
  try {
    const boot = readMbr(readAt(fd, 0, SECTOR)).partitions.find((partition) => partition.number === 1)
    if (boot === undefined) throw new Error(`${image} has no partition 1 (the Pi's boot partition)`)
    return `${image}@@${boot.startSector * SECTOR}`
  } finally {
    closeSync(fd)
  }
}

/** The FAT file system at `offset` in `image`, through mtools: a listing, or a file's bytes. */
function fatList (image: string, offset: number): string[] {
  return execFileSync('mdir', ['-i', `${image}@@${offset}`, '-b', '::/'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .split('\n').map((line) => line.replace(/^::\//, '').trim()).filter((line) => line !== '')
}

function fatRead (image: string, offset: number, file: string): Buffer {
  return execFileSync('mtype', ['-i', `${image}@@${offset}`, `::/${file}`], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 })
}

// What the build puts there, from the same row of the targets table.
const { firmwareFiles: requiredFirmware, deviceTrees: requiredDeviceTrees } = imageTargetFacts.rpi.raspberryPi!

export function checkSdImage (image: string, expected: { rootHash?: string } = {}): SdImageReport {
  const problems: string[] = []
  const fd = openSync(image, 'r')
  try {
    const mbr = readMbr(readAt(fd, 0, SECTOR))
    if (!mbr.signature) problems.push('sector 0 is no MBR (no 55 AA signature): the Pi boot ROM reads only MBR cards')
    const report: SdImageReport = { diskId: mbr.diskId, partitions: mbr.partitions, fatType: '', files: [], config: {}, commandLine: '', problems }
    const byNumber = (n: number): MbrPartition | undefined => mbr.partitions.find((partition) => partition.number === n)
    const boot = byNumber(1)
    if (boot === undefined) {
      problems.push('there is no partition 1: the firmware boots from the first partition')
      return report
    }
    if (boot.type !== 0x0c && boot.type !== 0x0b) problems.push(`partition 1 has type 0x${boot.type.toString(16)}, not FAT32 (0x0c or 0x0b)`)
    if (!boot.bootable) problems.push('partition 1 is not marked bootable')
    const bootOffset = boot.startSector * SECTOR
    report.fatType = fatType(readAt(fd, bootOffset, SECTOR))
    if (report.fatType !== 'FAT32' && report.fatType !== 'FAT16') problems.push(`partition 1 holds ${report.fatType === '' ? 'no FAT file system' : report.fatType}, not FAT16 or FAT32`)
    const magic = (n: number, at: number, length: number): Buffer | undefined => {
      const partition = byNumber(n)
      return partition === undefined ? undefined : readAt(fd, partition.startSector * SECTOR + at, length)
    }
    for (const n of [2, 3, 4]) {
      const partition = byNumber(n)
      if (partition === undefined) problems.push(`there is no partition ${n}: PC2's initramfs needs 2 (root), 3 (hash tree), 4 (/data)`)
      else if (partition.type !== 0x83) problems.push(`partition ${n} has type 0x${partition.type.toString(16)}, not Linux (0x83)`)
    }
    const sorted = [...mbr.partitions].sort((a, b) => a.startSector - b.startSector)
    for (let index = 1; index < sorted.length; index++) {
      const previous = sorted[index - 1]!
      if (previous.startSector + previous.sectors > sorted[index]!.startSector) problems.push(`partitions ${previous.number} and ${sorted[index]!.number} overlap`)
    }
    if (magic(2, 0, 4)?.toString('latin1') !== 'hsqs') problems.push('partition 2 does not start with a squashfs root')
    if (magic(3, 0, 8)?.toString('latin1') !== 'verity\0\0') problems.push('partition 3 does not start with a dm-verity superblock')
    if (magic(4, 1080, 2)?.readUInt16LE(0) !== 0xef53) problems.push('partition 4 holds no ext4 file system')
    if (report.fatType === '') return report

    report.files = fatList(image, bootOffset)
    const has = (file: string): boolean => report.files.includes(file)
    for (const file of requiredFirmware) if (!has(file)) problems.push(`the boot partition has no ${file}`)
    for (const file of requiredDeviceTrees) if (!has(file)) problems.push(`the boot partition has no device tree ${file}`)
    for (const file of ['config.txt', 'cmdline.txt']) if (!has(file)) problems.push(`the boot partition has no ${file}`)
    if (has('config.txt')) {
      report.config = readConfigTxt(fatRead(image, bootOffset, 'config.txt').toString('utf8'))
      const { config } = report
      if (config.arm_64bit !== '1') problems.push(`config.txt sets arm_64bit=${config.arm_64bit ?? '(nothing)'}, not 1: the firmware would start the ARM cores in 32-bit mode`)
      if (config.upstream_kernel !== '1') problems.push('config.txt does not set upstream_kernel=1: the firmware would look for the Raspberry Pi kernel\'s device tree names, which are not on the card')
      const kernel = config.kernel ?? 'kernel8.img'
      if (!has(kernel)) problems.push(`config.txt names the kernel ${kernel}, which is not on the boot partition`)
      else {
        const header = fatRead(image, bootOffset, kernel)
        if (header.subarray(56, 60).toString('latin1') !== 'ARM\x64') problems.push(`${kernel} is not an uncompressed arm64 Linux Image (no "ARM\\x64" magic at byte 56)`)
      }
      if (config.initramfs === undefined) problems.push('config.txt loads no initramfs: PC2 checks its root there')
      else if (!has(config.initramfs)) problems.push(`config.txt names the initramfs ${config.initramfs}, which is not on the boot partition`)
      if ((config.cmdline ?? 'cmdline.txt') !== 'cmdline.txt') problems.push(`config.txt reads the command line from ${config.cmdline}`)
    }
    if (has('cmdline.txt')) {
      report.commandLine = fatRead(image, bootOffset, 'cmdline.txt').toString('utf8')
      if (report.commandLine.trimEnd().includes('\n')) problems.push('cmdline.txt is more than one line: the firmware reads only the first')
      const words = report.commandLine.trim().split(/\s+/)
      const value = (key: string): string | undefined => words.find((word) => word.startsWith(`${key}=`))?.slice(key.length + 1)
      if (value('pc2.media') !== 'sd') problems.push(`cmdline.txt says pc2.media=${value('pc2.media') ?? '(nothing)'}, not sd`)
      if (value('pc2.disk') !== mbr.diskId) problems.push(`cmdline.txt says pc2.disk=${value('pc2.disk') ?? '(nothing)'} but the card's MBR identifier is ${mbr.diskId}`)
      const rootHash = value('pc2.roothash')
      if (rootHash === undefined || !/^[0-9a-f]{64}$/.test(rootHash)) problems.push('cmdline.txt has no pc2.roothash=<64 hex digits>')
      else if (expected.rootHash !== undefined && rootHash !== expected.rootHash) problems.push(`cmdline.txt's root hash ${rootHash} is not the built root's ${expected.rootHash}`)
    }
    for (const dtb of report.files.filter((file) => file.endsWith('.dtb'))) {
      const header = fatRead(image, bootOffset, dtb)
      if (header.length < 4 || header.readUInt32BE(0) !== 0xd00dfeed) problems.push(`${dtb} is not a flattened device tree`)
    }
    return report
  } finally {
    closeSync(fd)
  }
}

if (import.meta.main) {
  const image = process.argv[2]
  if (image === undefined) {
    process.stderr.write('usage: node test-support/src/sd-image.ts IMAGE.img\n')
    process.exit(2)
  }
  const report = checkSdImage(image)
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  process.exit(report.problems.length === 0 ? 0 : 1)
}
