# shellcheck shell=bash
# Stage: turn the Debian base into PC2 — overlay, Node runtime, bundled services, identity,
# users, enabled units and console policy. Runs natively on the host (no emulation), so an
# app-only rebuild is fast.

# customize_rootfs ROOTFS VARIANT BUNDLES_DIR
customize_rootfs() {
  local rootfs=$1 variant=$2 bundles=$3 service
  cp -a --no-preserve=ownership "$PC2_ROOT/overlay/." "$rootfs/"
  mkdir -p "$rootfs/data" "$rootfs/usr/lib/pc2"
  # The target's own Node (build-image sets PC2_IMAGE_NODE; the host's runs the build).
  install -m 0755 "${PC2_IMAGE_NODE:-$PC2_NODE}" "$rootfs/usr/lib/pc2/node"
  install -m 0644 "$PC2_ROOT/image.config" "$rootfs/usr/lib/pc2/image.config"

  "$PC2_NODE" "$PC2_ROOT/scripts/image-config.ts" os-release >"$rootfs/usr/lib/os-release"
  ln -sf ../usr/lib/os-release "$rootfs/etc/os-release"
  printf '%s\n' "$PC2_HOSTNAME" >"$rootfs/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$PC2_HOSTNAME" >"$rootfs/etc/hosts"
  # Empty: the initramfs binds the persistent id from /data over it.
  : >"$rootfs/etc/machine-id"
  ln -sf ../run/systemd/resolve/stub-resolv.conf "$rootfs/etc/resolv.conf"

  local preset=$rootfs/usr/lib/systemd/system-preset/00-pc2.preset
  if [ "$variant" = bare ]; then
    # The benchmark's baseline: the same OS with one trivial Node HTTP service.
    rm -f "$rootfs"/usr/lib/systemd/system/pc2-* "$rootfs/usr/lib/sysusers.d/pc2.conf"
    cat >"$rootfs/usr/lib/systemd/system/hello.service" <<UNIT
[Unit]
Description=Hello (baseline service for benchmarks)
After=network.target
[Service]
ExecStart=/usr/lib/pc2/node -e "require('node:http').createServer((q, s) => s.end('hello')).listen(80)"
[Install]
WantedBy=multi-user.target
UNIT
    sed -i -e 's/^enable pc2-banner.service$/enable hello.service/' -e '/^enable pc2-/d' "$preset"
  else
    for service in $PC2_SERVICES; do
      [ -f "$bundles/pc2-$service.mjs" ] || die "PC2_SERVICES names '$service' but there is no bundle pc2-$service.mjs (is services/$service/src/main.ts there?)"
      [ -f "$rootfs/usr/lib/systemd/system/pc2-$service.service" ] || die "PC2_SERVICES names '$service' but overlay has no pc2-$service.service"
      install -m 0644 "$bundles/pc2-$service.mjs" "$rootfs/usr/lib/pc2/"
      # A service's helper programs sit beside it: its child process (pc2-apps runs each app
      # in one) and its launcher unit (pc2-apps-launcher starts those runs as transient units).
      for helper in child launcher; do
        [ ! -f "$bundles/pc2-$service-$helper.mjs" ] || install -m 0644 "$bundles/pc2-$service-$helper.mjs" "$rootfs/usr/lib/pc2/"
      done
      sed -i "1i enable pc2-$service.service" "$preset"
      [ ! -f "$bundles/pc2-$service-launcher.mjs" ] || sed -i "1i enable pc2-$service-launcher.service" "$preset"
    done
    # The firewall the node boots with, before pc2-egress runs (pc2-egress-base.service).
    "$PC2_NODE" "$PC2_ROOT/services/egress/src/base.ts" --admin-port "$PC2_ADMIN_PORT" >"$rootfs/usr/lib/pc2/egress-base.nft" \
      || die "cannot write the boot-time ruleset (services/egress/src/base.ts)"
    [ -f "$bundles/web-ui/index.html" ] || die "the web UI bundle is missing ($bundles/web-ui/index.html)"
    cp -r "$bundles/web-ui" "$rootfs/usr/lib/pc2/web-ui"
  fi
  install -m 0644 "$PC2_ROOT/README.md" "$rootfs/usr/lib/pc2/README.md"

  prune_kernel_modules "$rootfs"
  chroot "$rootfs" systemd-sysusers >/dev/null 2>&1 || die "systemd-sysusers failed"
  chroot "$rootfs" systemctl preset-all >/dev/null 2>&1 || die "systemctl preset-all failed"
  [ "$variant" = bare ] || check_unit_exposure "$rootfs" "$(dirname "$bundles")/exposure.json"
  # The clock never starts before the image was built (its mtime, SOURCE_DATE_EPOCH in the
  # squashfs): a Raspberry Pi has no real-time clock to start from.
  touch "$rootfs/usr/lib/clock-epoch"
  # udev reads the compiled hwdb.bin; its sources only serve systemd-hwdb-update, masked below.
  rm -f "$rootfs"/usr/lib/udev/hwdb.d/*.hwdb
  # The read-only root has no ESP to mount and no /etc to update at boot.
  mkdir -p "$rootfs/etc/systemd/system-generators"
  ln -sf /dev/null "$rootfs/etc/systemd/system-generators/systemd-gpt-auto-generator"
  chroot "$rootfs" systemctl mask systemd-firstboot.service ldconfig.service systemd-update-done.service \
    systemd-hwdb-update.service systemd-journal-catalog-update.service systemd-boot-update.service \
    systemd-networkd-wait-online.service >/dev/null 2>&1
  case $PC2_CONSOLE in
    off)
      chroot "$rootfs" systemctl mask getty.target getty@.service serial-getty@.service \
        console-getty.service autovt@.service >/dev/null 2>&1
      ;;
    debug)
      # Never shipped: a root shell on the serial console and tty1, for developers.
      passwd_root_empty "$rootfs"
      for service in serial-getty@.service getty@.service; do
        mkdir -p "$rootfs/etc/systemd/system/$service.d"
        # shellcheck disable=SC2016 # $TERM is for systemd to expand in the unit, not the build
        printf '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root --noclear --keep-baud %%I 115200,38400,9600 $TERM\n' \
          >"$rootfs/etc/systemd/system/$service.d/pc2-debug.conf"
      done
      chroot "$rootfs" systemctl enable getty@tty1.service >/dev/null 2>&1
      ;;
  esac

  # The day of each account's last password change is the day the Debian base was built
  # (a cache, made again on another day): the same day for all, SOURCE_DATE_EPOCH's, instead.
  shadow_dates_fixed "$rootfs"

  # Nothing in the image needs package management at run time.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/* \
    "$rootfs"/etc/ssh "$rootfs"/tmp/* "$rootfs"/var/tmp/*
}

# Modules for hardware the appliance never drives: cameras and TV tuners, Wi-Fi and
# Bluetooth (PC2 configures wired Ethernet only), sound, InfiniBand, industrial sensors,
# staging drivers, and desktop graphics cards (the console stays on the firmware's
# framebuffer, efifb or simplefb, both built into Debian's kernels). A module that a kept
# one needs stays (the Pi's HDMI driver, vc4, needs sound and CEC modules). The rest are
# stored uncompressed: the squashfs compresses them as well as xz does one by one, and the
# kernel loads them without unpacking. Together a fifth of the Pi download.
readonly _PRUNED_MODULES="kernel/drivers/media/ kernel/drivers/net/wireless/ kernel/net/wireless/
  kernel/net/mac80211/ kernel/drivers/bluetooth/ kernel/net/bluetooth/ kernel/sound/
  kernel/drivers/infiniband/ kernel/drivers/iio/ kernel/drivers/staging/
  kernel/drivers/gpu/drm/amd/ kernel/drivers/gpu/drm/radeon/ kernel/drivers/gpu/drm/nouveau/
  kernel/drivers/gpu/drm/i915/ kernel/drivers/gpu/drm/xe/"
prune_kernel_modules() {
  local rootfs=$1 directory kver
  for directory in "$rootfs"/usr/lib/modules/*/; do
    kver=$(basename "$directory")
    [ -f "$directory/modules.dep" ] || die "kernel $kver has no modules.dep"
    # modules.dep lists every module with all it needs, transitively.
    awk -v prefixes="$_PRUNED_MODULES" '
      BEGIN { count = split(prefixes, prefix, /[[:space:]]+/) }
      function pruned(path,   i) { for (i = 1; i <= count; i++) if (prefix[i] != "" && index(path, prefix[i]) == 1) return 1; return 0 }
      { module = $1; sub(/:$/, "", module); if (pruned(module)) candidate[module] = 1; else for (i = 2; i <= NF; i++) needed[$i] = 1 }
      END { for (module in candidate) if (!(module in needed)) print module }
    ' "$directory/modules.dep" | LC_ALL=C sort | (cd "$directory" && xargs -r rm -f --) \
      || die "cannot prune the kernel modules of $kver"
    find "$directory/kernel" -type d -empty -delete
    find "$directory/kernel" -name '*.ko.xz' -print0 | xargs -0 -r -n 64 -P "$(nproc)" xz -dq \
      || die "cannot unpack the kernel modules of $kver"
    find "$directory/kernel" -name '*.ko.zst' -print0 | xargs -0 -r -n 64 -P "$(nproc)" zstd -dq --rm \
      || die "cannot unpack the kernel modules of $kver"
    chroot "$rootfs" depmod "$kver" || die "depmod $kver failed after pruning"
  done
}

shadow_dates_fixed() {
  local day=$(( ${SOURCE_DATE_EPOCH:-0} / 86400 )) file
  for file in "$1/etc/shadow" "$1/etc/shadow-"; do
    [ -f "$file" ] || continue
    awk -v day="$day" 'BEGIN { FS = OFS = ":" } $3 != "" { $3 = day } { print }' "$file" > "$file.pc2" && cat "$file.pc2" > "$file" && rm "$file.pc2"
  done
}

passwd_root_empty() {
  sed -i 's/^root:[^:]*:/root::/' "$1/etc/shadow"
}

# Every pc2-* unit's `systemd-analyze security` exposure (0 = locked down, 10 = exposed),
# scored offline against the image's own systemd; over PC2_MAX_EXPOSURE fails the build.
# Writes {"<unit>": score} to OUT for image.json and the bench.
PC2_MAX_EXPOSURE=2.5
check_unit_exposure() {
  local rootfs=$1 out=$2 unit score scores="" worst=""
  for unit in "$rootfs"/usr/lib/systemd/system/pc2-*.service; do
    unit=$(basename "$unit")
    score=$(chroot "$rootfs" systemd-analyze security --offline=yes "$unit" 2>/dev/null | sed -n 's/^→ Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
    [ -n "$score" ] || die "systemd-analyze security could not score $unit"
    scores="$scores${scores:+,}\"$unit\":$score"
    if awk -v s="$score" -v max="$PC2_MAX_EXPOSURE" 'BEGIN { exit !(s > max) }'; then worst="$worst $unit ($score)"; fi
  done
  printf '{%s}\n' "$scores" >"$out"
  [ -z "$worst" ] || die "units more exposed than $PC2_MAX_EXPOSURE (systemd-analyze security):$worst"
}
