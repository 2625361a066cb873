// Where pc2-egress finds things on the appliance, and its fixed limits: read by the factory,
// by main.ts (the environment may move the paths) and by base.ts (the boot-time ruleset).

export const egressDefaults = {
  stateDir: '/data/egress',
  resolvConf: '/run/systemd/resolve/resolv.conf',
  logGroup: 7,
  cgroups: { root: '/sys/fs/cgroup', slice: 'system.slice', level: 2 },
  /** Where app runs' transient units are: pc2-app-runs.slice. */
  appSlice: 'pc2.slice/pc2-app.slice/pc2-app-runs.slice',
  appCgroupLevel: 4,
  /** At most this many destinations per app (the manifest's own limit is lower). */
  maxAppDestinations: 32,
  /** How often settings and DHCP's DNS servers are looked at again. */
  pollMs: 3_000,
  /** How often a host name is looked up again. */
  resolveEveryMs: 300_000
} as const
