# shellcheck shell=bash
# Stage: the Raspberry Pi SD card — an MBR card (the Pi 3's boot ROM reads nothing else) with
# a FAT32 boot partition holding Debian's Pi firmware, config.txt, cmdline.txt, the arm64
# kernel, our initramfs and the Pi device trees; then the same verified root, hash tree and
# /data as the UEFI disk. Assembled without loop devices, like disk.sh. Also the Raspberry
# Pi Imager entry that offers the card as a custom repository.

# The firmware files, the device trees (required and optional) and the boot partition's
# Debian package are the rpi row of the targets table (PC2_TARGET_PI_*, from load_target),
# which also says why each model is or is not there.

# _boot_partition_deb BOOT_DEBS_DIR PACKAGE → the newest downloaded .deb of PACKAGE.
_boot_partition_deb() {
  local deb
  deb=$(find "$1" -maxdepth 1 -name "$2_*_*.deb" 2>/dev/null | sort -V | tail -n1)
  [ -n "$deb" ] || die "no $2 package in $1 (the base should have downloaded it: PC2_FRESH_BASE=1)"
  printf '%s\n' "$deb"
}

# pi_boot_packages BOOT_DEBS_DIR → the Debian packages on the boot partition, as the SBOM's
# lines (name, version, architecture): they are not in the root's dpkg database.
pi_boot_packages() {
  local package
  for package in $PC2_TARGET_BOOT_PARTITION_PACKAGES; do
    # shellcheck disable=SC2016 # ${Package} and the others are dpkg-deb's fields, not the shell's
    dpkg-deb --show --showformat='${Package}\t${Version}\t${Architecture}\n' "$(_boot_partition_deb "$1" "$package")" \
      || die "cannot read the $package package's name and version"
  done
}

# collect_pi_boot_files ROOTFS KERNEL_VERSION BOOT_DEBS_DIR OUT_DIR → the firmware and DTBs.
collect_pi_boot_files() {
  local rootfs=$1 kver=$2 debs=$3 out=$4 deb unpacked dtb dtbs file
  deb=$(_boot_partition_deb "$debs" raspi-firmware)
  rm -rf "$out" && mkdir -p "$out"
  unpacked=$(mktemp -d "$out.deb.XXXXXX")
  dpkg-deb -x "$deb" "$unpacked" || die "cannot unpack $(basename "$deb")"
  for file in $PC2_TARGET_PI_FIRMWARE; do
    [ -f "$unpacked/usr/lib/raspi-firmware/$file" ] || die "$(basename "$deb") has no /usr/lib/raspi-firmware/$file"
    cp "$unpacked/usr/lib/raspi-firmware/$file" "$out/"
  done
  # The firmware's licence travels with it.
  cp "$unpacked/usr/share/doc/raspi-firmware/copyright" "$out/LICENCE.raspi-firmware"
  printf '%s\n' "$(basename "$deb" .deb)" >"$out/FIRMWARE-VERSION"
  rm -rf "$unpacked"
  dtbs=$rootfs/usr/lib/linux-image-$kver/broadcom
  for dtb in $PC2_TARGET_PI_DEVICE_TREES; do
    [ -f "$dtbs/$dtb" ] || die "kernel $kver has no $dtb (in /usr/lib/linux-image-$kver/broadcom)"
    cp "$dtbs/$dtb" "$out/"
  done
  for dtb in $PC2_TARGET_PI_OPTIONAL_DEVICE_TREES; do
    if [ -f "$dtbs/$dtb" ]; then cp "$dtbs/$dtb" "$out/"; else note "      kernel $kver has no $dtb: that model is not offered"; fi
  done
}

# The MBR disk identifier: from the root hash, so the same build gives the same card.
sd_disk_id() { printf '%s\n' "${ROOT_HASH:0:8}"; }

_pi_config_txt() {
  cat <<CONFIG
# $PC2_NAME $PC2_VERSION boot configuration, read by the Raspberry Pi firmware.
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
CONFIG
}

# build_sd_card STAGE_DIR PI_BOOT_DIR KERNEL INITRD OUTPUT_IMG
build_sd_card() {
  local dir=$1 files=$2 kernel=$3 initrd=$4 raw=$5 id
  id=$(sd_disk_id)
  rm -rf "$dir/sd-boot" && mkdir -p "$dir/sd-boot"
  cp -r "$files/." "$dir/sd-boot/"
  cp "$kernel" "$dir/sd-boot/vmlinuz"
  cp "$initrd" "$dir/sd-boot/initrd.img"
  _pi_config_txt >"$dir/sd-boot/config.txt"
  # One line, as the firmware wants it.
  printf '%s\n' "$(kernel_cmdline sd) pc2.disk=$id" >"$dir/sd-boot/cmdline.txt"
  fat_image "$dir/sd-boot" "$dir/sd-boot.img" PC2-BOOT "$id"
  # MBR has no backup table: nothing spare at the end.
  assemble_disk "$dir" "$dir/sd-boot.img" "$raw" 0 _mbr_table "$id"
}

# _mbr_table DISK_ID BOOT_START ROOT_START VERITY_START DATA_START → the card's sfdisk script;
# the boot partition bootable, as the Pi firmware looks for.
_mbr_table() {
  local id=$1 boot_start=$2 root_start=$3 verity_start=$4 data_start=$5 sectors=2048
  cat <<TABLE
label: dos
label-id: 0x$id
unit: sectors
start=$boot_start, size=$((PC2_ESP_MIB * sectors)), type=$PC2_TARGET_BOOT_PARTITION_TYPE, bootable
start=$root_start, size=$((PC2_ROOT_MIB * sectors)), type=$PC2_TARGET_ROOT_PARTITION_TYPE
start=$verity_start, size=$((PC2_VERITY_MIB * sectors)), type=$PC2_TARGET_VERITY_PARTITION_TYPE
start=$data_start, size=$((PC2_DATA_MIB * sectors)), type=$PC2_TARGET_DATA_PARTITION_TYPE
TABLE
}

# write_imager_entry IMG IMG_XZ OUTPUT_JSON — a Raspberry Pi Imager repository (os_list
# v3) offering the card: `rpi-imager --repo OUTPUT_JSON`. Imager downloads from the entry's
# absolute URL: PC2_IMAGER_BASE_URL (where the .img.xz will be published, e.g.
# https://downloads.example.org/pc2/), or by default the file in out/ on this machine.
write_imager_entry() {
  local img=$1 xz=$2 json=$3 base=${PC2_IMAGER_BASE_URL:-file://$(cd "$(dirname "$2")" && pwd)/}
  case $base in
    https://* | http://* | file:///*) ;;
    *) die "PC2_IMAGER_BASE_URL must be an absolute http(s):// or file:/// URL of the folder holding the .img.xz, not \"$base\"" ;;
  esac
  # shellcheck disable=SC2016 # the single quotes hold JavaScript, whose ${…} is its own
  "$PC2_NODE" -e '
    const fs = require("node:fs");
    const crypto = require("node:crypto");
    const [img, xz, json, name, version, epoch, base, devices] = process.argv.slice(1);
    const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    const entry = {
      name: `${name} ${version} (Raspberry Pi, 64-bit)`,
      description: `${name}: a sovereign file shop on your own Raspberry Pi — encrypted files on IPFS, sold for crypto, run from a web UI. Read-only verified system, your data on the SD card.`,
      url: new URL(encodeURIComponent(require("node:path").basename(xz)), base.endsWith("/") ? base : `${base}/`).href,
      release_date: new Date(Number(epoch) * 1000).toISOString().slice(0, 10),
      extract_size: fs.statSync(img).size,
      extract_sha256: sha256(img),
      image_download_size: fs.statSync(xz).size,
      image_download_sha256: sha256(xz),
      devices: devices.split(" "),
      init_format: "none"
    };
    fs.writeFileSync(json, JSON.stringify({ os_list: [entry] }, null, 2) + "\n");
  ' "$img" "$xz" "$json" "$PC2_NAME" "$PC2_VERSION" "${SOURCE_DATE_EPOCH:-0}" "$base" "$PC2_TARGET_PI_IMAGER_DEVICES" || die "cannot write the Raspberry Pi Imager entry"
}
