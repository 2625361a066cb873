// Where the status collectors read the system from. Every path is injectable so that tests
// point them at fixture files; the defaults are the real kernel and systemd interfaces.

import type { ClockPaths } from '../auth/clock.ts'

export interface StatusPaths extends ClockPaths {
  mountinfo: string
  cmdline: string
  uptime: string
  bootId: string
  machineId: string
  /** The device tree's model (ARM boards such as the Raspberry Pi). */
  deviceTreeModel: string
  /** The DMI tables' directory (PCs and VMs): sys_vendor, product_name. */
  dmiDirectory: string
  /** Directory of `<major>:<minor>` links to block devices. */
  sysDevBlock: string
  /** Directory holding tcp, tcp6, udp, udp6. */
  procNet: string
  dataDir: string
  /** The systemctl program (a name looked up on PATH, or a path). */
  systemctl: string
}

export const defaultStatusPaths: StatusPaths = {
  mountinfo: '/proc/self/mountinfo',
  cmdline: '/proc/cmdline',
  uptime: '/proc/uptime',
  bootId: '/proc/sys/kernel/random/boot_id',
  machineId: '/etc/machine-id',
  deviceTreeModel: '/sys/firmware/devicetree/base/model',
  dmiDirectory: '/sys/class/dmi/id',
  timesyncSynchronized: '/run/systemd/timesync/synchronized',
  rtcClass: '/sys/class/rtc',
  sysDevBlock: '/sys/dev/block',
  procNet: '/proc/net',
  dataDir: '/data',
  systemctl: 'systemctl'
}
