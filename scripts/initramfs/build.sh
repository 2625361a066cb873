# shellcheck shell=bash
# Stage: PC2's own initramfs — static busybox, veritysetup, sfdisk and the ext4 tools with
# their libraries, and just the kernel modules needed to reach the root (8 MB instead of
# initramfs-tools' ~40, and it understands dm-verity and squashfs without hooks).

# Modules that may be needed to reach a root on a PC, a VM, a CD or a USB stick.
_initramfs_modules_x86_64="virtio_pci virtio_blk virtio_scsi sd_mod sr_mod nvme ahci ata_piix
  usb_storage uas xhci_pci ehci_pci ohci_pci uhci_hcd mmc_block sdhci_pci sdhci_acpi
  isofs loop squashfs dm_verity ext4"
# arm64: QEMU virt and UEFI servers (virtio, NVMe, AHCI, USB), and the Raspberry Pi 3/4 SD
# card and USB boot: the card's regulators first (the Pi 4's emmc2 waits for them), then the
# Pi 3's SD host (bcm2835), the Pi 4's (sdhci-iproc), the Pi 3's USB (dwc2) and the Pi 4's
# VL805 xHCI, which needs its firmware reset — one initramfs for both images.
_initramfs_modules_aarch64="virtio_mmio virtio_blk virtio_scsi sd_mod nvme ahci
  fixed gpio_regulator reset_raspberrypi bcm2835 sdhci_iproc
  usb_storage uas xhci_pci xhci_plat_hcd dwc2
  loop squashfs dm_verity ext4"

_copy_with_libraries() {
  local rootfs=$1 dest=$2 binary lib
  for binary in "${@:3}"; do
    install -D -m 0755 "$rootfs$binary" "$dest$binary"
    for lib in $(chroot "$rootfs" ldd "$binary" | grep -oE '/[^ ]+\.so[^ ]*'); do
      [ -e "$dest$lib" ] || install -D -m 0755 "$(readlink -f "$rootfs$lib")" "$dest$lib"
    done
  done
}

# build_initramfs ROOTFS KERNEL_VERSION ARCH OUTPUT
build_initramfs() {
  local rootfs=$1 kver=$2 arch=$3 output=$4 tree modvar module line
  tree=$(mktemp -d "${output%/*}/initramfs.XXXXXX")
  mkdir -p "$tree"/{bin,dev,proc,sys,run,newroot,media,etc,lib/modules}
  install -m 0755 "$rootfs/usr/bin/busybox" "$tree/bin/busybox"
  install -m 0755 "$PC2_ROOT/scripts/initramfs/init" "$tree/init"
  _copy_with_libraries "$rootfs" "$tree" /usr/sbin/veritysetup /usr/sbin/sfdisk /usr/sbin/e2fsck /usr/sbin/resize2fs
  ln -s ../usr/sbin/veritysetup "$tree/bin/veritysetup"
  ln -s ../usr/sbin/sfdisk "$tree/bin/sfdisk"
  ln -s ../usr/sbin/e2fsck "$tree/bin/e2fsck"
  ln -s ../usr/sbin/resize2fs "$tree/bin/resize2fs"
  # Modules in dependency order, decompressed so busybox insmod needs no xz support.
  modvar=_initramfs_modules_$arch
  : >"$tree/lib/modules/load-order"
  for module in ${!modvar}; do
    local dependencies
    # Built-in drivers show as "builtin …" lines; drivers this kernel lacks are skipped.
    dependencies=$(chroot "$rootfs" modprobe --set-version "$kver" --show-depends "$module" 2>/dev/null) || {
      note "      kernel $kver has no module $module: skipped"
      continue
    }
    while read -r line; do
      case $line in insmod\ *) ;; *) continue ;; esac
      local path=${line#insmod } name
      path=${path%% *}
      name=$(basename "$path")
      name=${name%.xz}; name=${name%.zst}; name=${name%.gz}
      grep -qx "$name" "$tree/lib/modules/load-order" && continue
      case $path in
        *.xz) xz -dc "$rootfs$path" >"$tree/lib/modules/$name" ;;
        *.zst) zstd -qdc "$rootfs$path" >"$tree/lib/modules/$name" ;;
        *.gz) gzip -dc "$rootfs$path" >"$tree/lib/modules/$name" ;;
        *) cp "$rootfs$path" "$tree/lib/modules/$name" ;;
      esac
      echo "$name" >>"$tree/lib/modules/load-order"
    done <<<"$dependencies"
  done
  [ -s "$tree/lib/modules/load-order" ] || die "no kernel modules found for the initramfs (kernel $kver)"
  # Fixed order and timestamps: the same inputs give the same initramfs bytes.
  (cd "$tree" && find . -mindepth 1 -print0 | LC_ALL=C sort -z \
    | xargs -0 touch -h -d "@${SOURCE_DATE_EPOCH:-0}" && find . -mindepth 1 | LC_ALL=C sort \
    | cpio --quiet -o -H newc -R 0:0 --reproducible | zstd -q -19 -T0 >"$output") \
    || die "cannot pack the initramfs"
  rm -rf "$tree"
}
