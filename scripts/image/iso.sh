# shellcheck shell=bash
# Stage: a hybrid ISO (grub-mkrescue) that boots from CD or USB stick, BIOS or UEFI. It
# carries the same verified root as files; /data is in RAM (a live session).

# build_iso STAGE_DIR KERNEL INITRD OUTPUT_ISO
build_iso() {
  local dir=$1 kernel=$2 initrd=$3 iso=$4 tree=$1/iso
  rm -rf "$tree"
  mkdir -p "$tree/boot/grub" "$tree/pc2"
  cp "$kernel" "$tree/pc2/vmlinuz"
  cp "$initrd" "$tree/pc2/initrd.img"
  ln "$dir/root.squashfs" "$tree/pc2/root.squashfs" 2>/dev/null || cp "$dir/root.squashfs" "$tree/pc2/root.squashfs"
  ln "$dir/root.verity" "$tree/pc2/root.verity" 2>/dev/null || cp "$dir/root.verity" "$tree/pc2/root.verity"
  cat >"$tree/boot/grub/grub.cfg" <<GRUB
serial --unit=0 --speed=115200
terminal_input console serial
terminal_output console serial
set timeout=2
set default=0
menuentry "$PC2_NAME $PC2_VERSION (live)" {
  linux /pc2/vmlinuz $(kernel_cmdline iso)
  initrd /pc2/initrd.img
}
GRUB
  find "$tree" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
  grub-mkrescue --output="$iso" "$tree" -- -volid PC2 >"$dir/grub-mkrescue.log" 2>&1 \
    || { cat "$dir/grub-mkrescue.log" >&2; die "grub-mkrescue failed"; }
}
