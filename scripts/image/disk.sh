# shellcheck shell=bash
# Stage: the GPT disk (UEFI, systemd-boot) — ESP, verified root, its hash tree and /data —
# assembled without loop devices (sfdisk script + dd), then converted to qcow2 for QEMU.

# Every fact of the target (EFI name, consoles, partition types) comes from load_target:
# the PC2_TARGET_* variables of its row in the targets table.

# kernel_cmdline MEDIA: the target's consoles, the last of which is /dev/console, where the
# banner and the initramfs speak.
kernel_cmdline() {
  printf '%s' "pc2.media=$1 pc2.roothash=$ROOT_HASH $PC2_TARGET_CONSOLES quiet systemd.show_status=error${PC2_KERNEL_CMDLINE:+ $PC2_KERNEL_CMDLINE}"
}

# The partitions after the boot one, checked against their image.config sizes.
_check_partition_sizes() {
  local root_mib verity_mib
  root_mib=$(_mib_of "$1/root.squashfs")
  verity_mib=$(_mib_of "$1/root.verity")
  [ "$root_mib" -le "$PC2_ROOT_MIB" ] || die "root image is ${root_mib} MiB but PC2_ROOT_MIB is $PC2_ROOT_MIB: raise it in image.config"
  [ "$verity_mib" -le "$PC2_VERITY_MIB" ] || die "hash tree is ${verity_mib} MiB but PC2_VERITY_MIB is $PC2_VERITY_MIB: raise it in image.config"
}

_mib_of() { echo $(( ($(stat -c %s "$1") + 1048575) / 1048576 )); }

# build_esp STAGE_DIR BOOTLOADER_EFI KERNEL INITRD → STAGE_DIR/esp.img
build_esp() {
  local dir=$1 bootloader=$2 kernel=$3 initrd=$4 efi=$PC2_TARGET_EFI_ARCH
  mkdir -p "$dir/esp/EFI/BOOT" "$dir/esp/EFI/systemd" "$dir/esp/loader/entries" "$dir/esp/pc2"
  cp "$bootloader" "$dir/esp/EFI/BOOT/BOOT${efi^^}.EFI"
  cp "$bootloader" "$dir/esp/EFI/systemd/systemd-boot$efi.efi"
  cp "$kernel" "$dir/esp/pc2/vmlinuz"
  cp "$initrd" "$dir/esp/pc2/initrd.img"
  # editor no: nobody at the keyboard can drop the verity parameters from the command line.
  printf 'default pc2.conf\ntimeout 0\neditor no\nconsole-mode keep\n' >"$dir/esp/loader/loader.conf"
  printf 'title %s %s\nversion %s\nsort-key 1\nlinux /pc2/vmlinuz\ninitrd /pc2/initrd.img\noptions %s\n' \
    "$PC2_NAME" "$PC2_VERSION" "$PC2_VERSION" "$(kernel_cmdline disk)" >"$dir/esp/loader/entries/pc2.conf"
  # Physical access resets ownership: hold a key at power-on for the menu, pick this entry.
  printf 'title %s %s: reset owner\nversion %s\nsort-key 2\nlinux /pc2/vmlinuz\ninitrd /pc2/initrd.img\noptions %s pc2.reset-owner=1\n' \
    "$PC2_NAME" "$PC2_VERSION" "$PC2_VERSION" "$(kernel_cmdline disk)" >"$dir/esp/loader/entries/pc2-reset-owner.conf"
  fat_image "$dir/esp" "$dir/esp.img" PC2-ESP "$(uuid_from "$ROOT_HASH" esp | cut -c1-8)"
}

# fat_image SOURCE_DIR IMAGE LABEL SERIAL — a FAT32 boot partition image, PC2_ESP_MIB large,
# holding SOURCE_DIR's files with every timestamp at SOURCE_DATE_EPOCH (the ESP, the Pi's
# boot partition).
fat_image() {
  local source=$1 image=$2 label=$3 serial=$4
  rm -f "$image"
  mkfs.vfat -C -F 32 -n "$label" -i "$serial" "$image" $((PC2_ESP_MIB * 1024)) >/dev/null \
    || die "mkfs.vfat failed ($label)"
  find "$source" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
  (cd "$source" && mcopy -s -p -m -i "$image" ./* ::/) || die "cannot fill the $label partition (too small? PC2_ESP_MIB=$PC2_ESP_MIB)"
}

# build_data_image STAGE_DIR → STAGE_DIR/data.img (ext4, empty but for config/)
build_data_image() {
  local dir=$1
  mkdir -p "$dir/data-skeleton/config"
  rm -f "$dir/data.img"
  mkfs.ext4 -q -F -L pc2-data -U "$(uuid_from "$ROOT_HASH" data)" -E root_owner=0:0,hash_seed="$(uuid_from "$ROOT_HASH" seed)" \
    -d "$dir/data-skeleton" "$dir/data.img" "${PC2_DATA_MIB}M" >/dev/null || die "mkfs.ext4 failed"
}

# build_disk STAGE_DIR OUTPUT_RAW — GPT, with the ESP as the boot partition, and a spare MiB
# at the end for GPT's backup table.
build_disk() {
  local dir=$1 raw=$2
  assemble_disk "$dir" "$dir/esp.img" "$raw" 1 _gpt_table
}

# _gpt_table BOOT_START ROOT_START VERITY_START DATA_START → the GPT's sfdisk script.
_gpt_table() {
  local esp_start=$1 root_start=$2 verity_start=$3 data_start=$4 sectors=2048
  cat <<TABLE
label: gpt
label-id: $(uuid_from "$ROOT_HASH" disk)
unit: sectors
first-lba: 2048
start=$esp_start, size=$((PC2_ESP_MIB * sectors)), type=$PC2_TARGET_BOOT_PARTITION_TYPE, uuid=$(uuid_from "$ROOT_HASH" part-esp), name="esp"
start=$root_start, size=$((PC2_ROOT_MIB * sectors)), type=$PC2_TARGET_ROOT_PARTITION_TYPE, uuid=$(uuid_from "$ROOT_HASH" part-root), name="pc2-root"
start=$verity_start, size=$((PC2_VERITY_MIB * sectors)), type=$PC2_TARGET_VERITY_PARTITION_TYPE, uuid=$(uuid_from "$ROOT_HASH" part-verity), name="pc2-root-verity"
start=$data_start, size=$((PC2_DATA_MIB * sectors)), type=$PC2_TARGET_DATA_PARTITION_TYPE, uuid=$(uuid_from "$ROOT_HASH" part-data), name="pc2-data"
TABLE
}

# assemble_disk STAGE_DIR BOOT_IMG OUTPUT_RAW SPARE_MIB TABLE_COMMAND... — the layout the
# UEFI disk and the Pi card share: at 1 MiB the boot partition (BOOT_IMG), then the root,
# its hash tree and /data (STAGE_DIR's root.squashfs, root.verity, data.img), each as large
# as image.config says, and SPARE_MIB after them. TABLE_COMMAND, given the four partitions'
# first sectors, prints the partition table for sfdisk.
assemble_disk() {
  local dir=$1 boot=$2 raw=$3 spare=$4 sectors=2048
  shift 4
  _check_partition_sizes "$dir"
  local boot_start=$sectors
  local root_start=$((boot_start + PC2_ESP_MIB * sectors))
  local verity_start=$((root_start + PC2_ROOT_MIB * sectors))
  local data_start=$((verity_start + PC2_VERITY_MIB * sectors))
  rm -f "$raw"
  truncate -s "$((1 + PC2_ESP_MIB + PC2_ROOT_MIB + PC2_VERITY_MIB + PC2_DATA_MIB + spare))M" "$raw"
  "$@" "$boot_start" "$root_start" "$verity_start" "$data_start" | sfdisk --quiet "$raw" \
    || die "sfdisk could not write the partition table of $(basename "$raw")"
  _write_at "$boot" "$raw" "$boot_start"
  _write_at "$dir/root.squashfs" "$raw" "$root_start"
  _write_at "$dir/root.verity" "$raw" "$verity_start"
  _write_at "$dir/data.img" "$raw" "$data_start"
}

_write_at() {
  dd if="$1" of="$2" bs=1M seek=$(($3 / 2048)) conv=notrunc,sparse status=none || die "cannot write $(basename "$1") into the disk image"
}
