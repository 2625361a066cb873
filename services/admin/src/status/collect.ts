// Assembles GET /api/status from the collectors, reading independent sources in parallel.

import { hostname } from 'node:os'
import type { AdminStatus, ImageConfig } from '@pc2/core'
import { collectData } from './data.ts'
import { collectHardware } from './hardware.ts'
import { collectHost } from './host.ts'
import { collectListening } from './listening.ts'
import { parseMountInfo } from './mountinfo.ts'
import type { StatusPaths } from './paths.ts'
import { readText } from './read.ts'
import { collectRoot } from './root.ts'
import { collectSystem } from './system.ts'
import type { Systemctl } from './systemctl.ts'
import { collectUnits } from './units.ts'

export interface StatusSources {
  imageConfig: ImageConfig
  paths: StatusPaths
  systemctl: Systemctl
}

export async function collectStatus (sources: StatusSources, options: { signal?: AbortSignal } = {}): Promise<AdminStatus> {
  const { imageConfig, paths, systemctl } = sources
  const mounts = parseMountInfo(await readText(paths.mountinfo, options.signal))
  const [host, hardware, root, data, system, units, listening] = await Promise.all([
    collectHost(paths, options),
    collectHardware(paths, options),
    collectRoot(mounts, paths, options),
    collectData(mounts, paths.dataDir, options),
    collectSystem(systemctl, options),
    collectUnits(systemctl, options),
    collectListening(paths.procNet, options)
  ])
  return {
    product: { name: imageConfig.name, id: imageConfig.id, version: imageConfig.version, hostname: hostname() },
    ...host,
    hardware,
    root,
    data,
    system,
    units,
    listening,
    generatedAt: new Date().toISOString()
  }
}
