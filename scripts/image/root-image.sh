# shellcheck shell=bash
# Stage: the read-only root — squashfs (zstd) plus its dm-verity hash tree. The root hash
# goes onto the kernel command line; the initramfs refuses any root that does not match it.

# build_root_image ROOTFS OUTDIR → sets ROOT_HASH; writes OUTDIR/root.squashfs, root.verity
build_root_image() {
  local rootfs=$1 outdir=$2 salt
  # The kernel, initramfs and device trees live on the ESP, the ISO or the Pi's boot
  # partition, not in the verified root (arm64's trees for every board are 54 MiB).
  rm -rf "${rootfs:?}"/boot/* "$rootfs"/initrd.img* "$rootfs"/vmlinuz* "$rootfs"/usr/lib/linux-image-*
  # Every timestamp in the image is SOURCE_DATE_EPOCH: files unpacked or copied at build time
  # (device nodes, the overlay as checked out) would otherwise carry the time of the build.
  local epoch=${SOURCE_DATE_EPOCH:-0}
  # (mksquashfs refuses SOURCE_DATE_EPOCH in its environment alongside these options.)
  env -u SOURCE_DATE_EPOCH mksquashfs "$rootfs" "$outdir/root.squashfs" -noappend -quiet \
    -no-progress -comp zstd -Xcompression-level 19 -b 1M -reproducible -all-time "$epoch" -mkfs-time "$epoch" \
    -processors "$(nproc)" >/dev/null || die "mksquashfs failed"
  # dm-verity wants whole 4 KiB blocks.
  truncate -s %4096 "$outdir/root.squashfs"
  # Salt and UUID from the content, so identical inputs give an identical hash tree.
  salt=$(sha256sum "$outdir/root.squashfs" | cut -c1-64)
  veritysetup format "$outdir/root.squashfs" "$outdir/root.verity" --salt="$salt" \
    --uuid="$(uuid_from "$salt" verity)" --root-hash-file="$outdir/root.roothash" >/dev/null \
    || die "veritysetup format failed"
  # shellcheck disable=SC2034 # the stage's result: build-image and the later stages read it
  ROOT_HASH=$(cat "$outdir/root.roothash")
}

# uuid_from SEED LABEL → a stable RFC 4122-shaped UUID derived from SEED.
uuid_from() {
  local hex
  hex=$(printf '%s/%s' "$1" "$2" | sha256sum | cut -c1-32)
  printf '%s-%s-4%s-8%s-%s\n' "${hex:0:8}" "${hex:8:4}" "${hex:13:3}" "${hex:17:3}" "${hex:20:12}"
}
