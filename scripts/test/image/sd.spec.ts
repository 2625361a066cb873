// The Raspberry Pi card's partition table, cmdline.txt and config.txt, written from the
// targets table: byte for byte what the build wrote before the table existed.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inStage } from './stage.ts'

describe('scripts/image/sd.sh', () => {
  it('writes an MBR with a bootable FAT32 (LBA) partition and three Linux ones', async () => {
    assert.equal(await inStage('rpi', '_mbr_table "$(sd_disk_id)" 2048 198656 1771520 1804288'), `label: dos
label-id: 0x01234567
unit: sectors
start=2048, size=196608, type=c, bootable
start=198656, size=1572864, type=83
start=1771520, size=32768, type=83
start=1804288, size=524288, type=83
`)
  })

  it('fills the boot partition with the firmware, a one-line cmdline.txt on the mini UART and config.txt', async () => {
    const output = await inStage('rpi', `
fat_image() { echo "fat_image $(basename "$2") $3 $4"; }
assemble_disk() { echo "assemble_disk $(basename "$2") $(basename "$3") $4 $5 $6"; }
w=$(mktemp -d); mkdir "$w/pi"; echo firmware >"$w/pi/start.elf"; echo k >"$w/vmlinuz"; echo i >"$w/initrd"
build_sd_card "$w" "$w/pi" "$w/vmlinuz" "$w/initrd" "$w/card.img"
(cd "$w/sd-boot" && find . -type f | LC_ALL=C sort)
for file in cmdline.txt config.txt; do echo "-- $file"; cat "$w/sd-boot/$file"; done
rm -rf "$w"
`)
    assert.equal(output, `fat_image sd-boot.img PC2-BOOT 01234567
assemble_disk sd-boot.img card.img 0 _mbr_table 01234567
./cmdline.txt
./config.txt
./initrd.img
./start.elf
./vmlinuz
-- cmdline.txt
pc2.media=sd pc2.roothash=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef console=tty1 console=ttyS1,115200 quiet systemd.show_status=error pc2.disk=01234567
-- config.txt
# PC2 0.1.0 boot configuration, read by the Raspberry Pi firmware.
# Raspberry Pi 3, 3+, 4 and 400 (and CM3/CM4); the kernel is Debian's arm64 kernel with the
# upstream device trees beside this file. The root hash in cmdline.txt is what the initramfs
# checks the root partition against, block by block.
[all]
arm_64bit=1
upstream_kernel=1
kernel=vmlinuz
initramfs initrd.img followkernel
cmdline=cmdline.txt
# A serial console on the GPIO header (pins 8 and 10, 115200 baud).
enable_uart=1
disable_overscan=1
disable_splash=1
`)
  })
})
