# shellcheck shell=bash
# Stage: PC2's own initramfs — static busybox, veritysetup, sfdisk and the ext4 tools with
# their libraries, and just the kernel modules needed to reach the root (8 MB instead of
# initramfs-tools' ~40, and it understands dm-verity and squashfs without hooks).

_copy_with_libraries() {
  local rootfs=$1 dest=$2 binary lib
  for binary in "${@:3}"; do
    install -D -m 0755 "$rootfs$binary" "$dest$binary"
    for lib in $(chroot "$rootfs" ldd "$binary" | grep -oE '/[^ ]+\.so[^ ]*'); do
      [ -e "$dest$lib" ] || install -D -m 0755 "$(readlink -f "$rootfs$lib")" "$dest$lib"
    done
  done
}

# build_initramfs ROOTFS KERNEL_VERSION OUTPUT — with the modules the targets table lists
# for the target's architecture (PC2_TARGET_INITRAMFS_MODULES, from load_target).
build_initramfs() {
  local rootfs=$1 kver=$2 output=$3 tree module line
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
  : >"$tree/lib/modules/load-order"
  for module in $PC2_TARGET_INITRAMFS_MODULES; do
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
