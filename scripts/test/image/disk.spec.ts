// The UEFI disk's partition table and ESP, written from the targets table: byte for byte
// what the build wrote before the table existed (the same root hash must give the same disk).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inStage } from './stage.ts'

const gpt = (rootType: string, verityType: string): string => `label: gpt
label-id: c308db58-3f06-4bfd-878d-30dbe302bb17
unit: sectors
first-lba: 2048
start=2048, size=196608, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=330a94de-422d-4e49-8a34-b3bf0d7199e7, name="esp"
start=198656, size=1572864, type=${rootType}, uuid=827706de-a3f8-49c0-8c7a-247b20d87a10, name="pc2-root"
start=1771520, size=32768, type=${verityType}, uuid=74b75bdd-6007-42e8-840e-d35342051ee4, name="pc2-root-verity"
start=1804288, size=524288, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=531b024f-7a7d-452d-86a2-143cd6db2a2e, name="pc2-data"
`

const options = (consoles: string): string =>
  `pc2.media=disk pc2.roothash=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ${consoles} quiet systemd.show_status=error`

const entry = (title: string, sortKey: number, consoles: string, extra: string): string =>
  `title ${title}\nversion 0.1.0\nsort-key ${sortKey}\nlinux /pc2/vmlinuz\ninitrd /pc2/initrd.img\noptions ${options(consoles)}${extra}\n`

/** The ESP's files and the text of its loader configuration, with the FAT image stubbed out. */
const espScript = `
fat_image() { echo "fat_image $(basename "$2") $3 $4"; }
w=$(mktemp -d); echo boot >"$w/bootloader"; echo k >"$w/vmlinuz"; echo i >"$w/initrd"
build_esp "$w" "$w/bootloader" "$w/vmlinuz" "$w/initrd"
(cd "$w/esp" && find . -type f | LC_ALL=C sort)
for file in loader/loader.conf loader/entries/pc2.conf loader/entries/pc2-reset-owner.conf; do echo "-- $file"; cat "$w/esp/$file"; done
rm -rf "$w"
`

const esp = (efi: string, consoles: string): string => [
  'fat_image esp.img PC2-ESP 32fc1209',
  `./EFI/BOOT/BOOT${efi.toUpperCase()}.EFI`,
  `./EFI/systemd/systemd-boot${efi}.efi`,
  './loader/entries/pc2-reset-owner.conf',
  './loader/entries/pc2.conf',
  './loader/loader.conf',
  './pc2/initrd.img',
  './pc2/vmlinuz',
  '-- loader/loader.conf',
  'default pc2.conf\ntimeout 0\neditor no\nconsole-mode keep',
  '-- loader/entries/pc2.conf',
  entry('PC2 0.1.0', 1, consoles, '').trimEnd(),
  '-- loader/entries/pc2-reset-owner.conf',
  entry('PC2 0.1.0: reset owner', 2, consoles, ' pc2.reset-owner=1')
].join('\n')

describe('scripts/image/disk.sh', () => {
  it('writes the x86_64 GPT with the x86-64 root and root-verity types', async () => {
    assert.equal(await inStage('x86_64', '_gpt_table 2048 198656 1771520 1804288'),
      gpt('4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709', '2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5'))
  })

  it('writes the aarch64 GPT with the arm64 root and root-verity types', async () => {
    assert.equal(await inStage('aarch64', '_gpt_table 2048 198656 1771520 1804288'),
      gpt('B921B045-1DF0-41C3-AF44-4C6F280D3FAE', 'DF3300CE-D69F-4C92-978C-9BFB0F38D820'))
  })

  it('puts BOOTX64.EFI and the PC\'s serial console on the x86_64 ESP', async () => {
    assert.equal(await inStage('x86_64', espScript), esp('x64', 'console=tty0 console=ttyS0,115200'))
  })

  it('puts BOOTAA64.EFI and the PL011 console on the aarch64 ESP', async () => {
    assert.equal(await inStage('aarch64', espScript), esp('aa64', 'console=tty0 console=ttyAMA0,115200'))
  })

  it('gives the ISO the PC\'s consoles', async () => {
    assert.equal(await inStage('x86_64', 'kernel_cmdline iso'),
      'pc2.media=iso pc2.roothash=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef console=tty0 console=ttyS0,115200 quiet systemd.show_status=error')
  })
})
