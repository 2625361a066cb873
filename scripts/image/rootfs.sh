# shellcheck shell=bash
# Stage: the base root filesystem from Debian packages (mmdebstrap), cached as a tarball keyed
# on everything that shapes it, so rebuilds that only change PC2's own files skip Debian.

# A tiny package that Provides linux-initramfs-tool: the kernel then does not pull
# initramfs-tools, whose initramfs we would throw away (ours is built by scripts/initramfs).
_no_initramfs_deb() {
  local dir=$1/pc2-no-initramfs
  mkdir -p "$dir/DEBIAN"
  cat >"$dir/DEBIAN/control" <<CONTROL
Package: pc2-no-initramfs
Version: 1
Architecture: all
Maintainer: PC2 <dev@pc2.invalid>
Provides: linux-initramfs-tool
Description: PC2 builds its own initramfs
CONTROL
  SOURCE_DATE_EPOCH=0 dpkg-deb --root-owner-group -Zgzip --build "$dir" "$1/pc2-no-initramfs.deb" >/dev/null
  printf '%s\n' "$1/pc2-no-initramfs.deb"
}

# The root's packages: scripts/image/packages and the architecture's boot packages (kernel,
# systemd-boot) from the targets table, comma-separated for mmdebstrap.
_package_list() {
  { grep -hv '^[[:space:]]*\(#\|$\)' "$PC2_ROOT/scripts/image/packages"; tr ' ' '\n' <<<"$PC2_TARGET_BOOT_PACKAGES"; } | paste -sd, -
}

# build_base_rootfs WORKDIR → prints the path of the cached base tarball of the target's
# architecture (load_target); the boot partition packages' .deb files are in
# $PC2_CACHE/boot-debs-ARCH-KEY beside it (boot_debs_dir).
build_base_rootfs() {
  local work=$1 arch=$PC2_TARGET_ARCH mirror packages key tarball deb
  mirror=$(debian_mirror)
  packages=$(_package_list)
  # Debian packages that belong on a boot partition, not in the root: downloaded with the
  # base, from the same suite, unpacked by the stage that needs them (scripts/image/sd.sh).
  # The base serves every target of its architecture, so it has those of all of them.
  local boot_debs=$PC2_TARGET_BASE_BOOT_PARTITION_PACKAGES components=${PC2_TARGET_BASE_COMPONENTS// /,}
  key=$(printf '%s\n' "v1" "$arch" "$PC2_DEBIAN_SUITE" "$mirror" "$packages" "$components" "$boot_debs" \
    "$(cat "$PC2_ROOT/scripts/image/rootfs.sh")" | sha256sum | cut -c1-16)
  tarball=$PC2_CACHE/base-$PC2_DEBIAN_SUITE-$arch-$key.tar
  local extra=$PC2_CACHE/boot-debs-$arch-$key
  if [ -s "$tarball" ] && [ -z "${PC2_FRESH_BASE:-}" ] && { [ -z "$boot_debs" ] || [ -d "$extra" ]; }; then
    note "      base root filesystem from cache ($(basename "$tarball"))"
    printf '%s\n' "$tarball"
    return
  fi
  mkdir -p "$PC2_CACHE/debs-$arch" "$extra.partial"
  deb=$(_no_initramfs_deb "$work")
  local dpkg_excludes=(
    --dpkgopt='path-exclude=/usr/share/man/*'
    --dpkgopt='path-exclude=/usr/share/locale/*'
    --dpkgopt='path-include=/usr/share/locale/locale.alias'
    --dpkgopt='path-exclude=/usr/share/doc/*'
    --dpkgopt='path-include=/usr/share/doc/*/copyright'
    --dpkgopt='path-exclude=/usr/share/info/*'
    --dpkgopt='path-exclude=/usr/share/lintian/*'
    --dpkgopt='path-exclude=/usr/share/bash-completion/*'
    --dpkgopt='path-exclude=/usr/share/zsh/*'
  )
  # --skip=essential/unlink plus sync-in/out keep every downloaded .deb in the cache.
  # shellcheck disable=SC2016 # the hooks' "$1" is the root's path, which mmdebstrap passes them
  mmdebstrap --variant=minbase --mode=root --format=tar --architectures="$PC2_TARGET_DEBIAN_ARCH" \
    --components="$components" \
    --aptopt='Apt::Install-Recommends "false"' \
    "${dpkg_excludes[@]}" \
    --skip=essential/unlink \
    --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
    --setup-hook="sync-in '$PC2_CACHE/debs-$arch' /var/cache/apt/archives" \
    --essential-hook="copy-in '$deb' /tmp" \
    --essential-hook='chroot "$1" dpkg -i /tmp/pc2-no-initramfs.deb && rm "$1/tmp/pc2-no-initramfs.deb"' \
    --include="$packages" \
    --customize-hook="sync-out /var/cache/apt/archives '$PC2_CACHE/debs-$arch'" \
    --customize-hook="mkdir -p \"\$1/tmp/pc2-boot-debs\" && ${boot_debs:+chroot \"\$1\" sh -c 'cd /tmp/pc2-boot-debs && apt-get -q -o APT::Sandbox::User=root download $boot_debs' &&} true" \
    --customize-hook="sync-out /tmp/pc2-boot-debs '$extra.partial'" \
    --customize-hook='rm -rf "$1/tmp/pc2-boot-debs"' \
    --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
    "$PC2_DEBIAN_SUITE" "$tarball.partial" "$mirror" >"$work/mmdebstrap.log" 2>&1 \
    || { tail -n 30 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed (full log: $work/mmdebstrap.log)"; }
  rm -rf "$extra" && mv "$extra.partial" "$extra"
  mv "$tarball.partial" "$tarball"
  # Older bases are dead weight once the package list changed.
  find "$PC2_CACHE" -maxdepth 1 -name "base-$PC2_DEBIAN_SUITE-$arch-*.tar" ! -name "$(basename "$tarball")" -delete
  find "$PC2_CACHE" -maxdepth 1 -name "boot-debs-$arch-*" ! -name "$(basename "$extra")" -exec rm -rf {} +
  printf '%s\n' "$tarball"
}

# boot_debs_dir BASE_TARBALL → the directory of the boot partition packages downloaded with it.
boot_debs_dir() {
  local key=${1##*-}
  printf '%s\n' "$PC2_CACHE/boot-debs-$PC2_TARGET_ARCH-${key%.tar}"
}
