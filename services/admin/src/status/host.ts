// Identity of this boot and this machine, straight from the kernel and systemd's files.

import { readOptionalText, readText } from './read.ts'

export interface HostFacts {
  uptimeSeconds: number
  bootId: string
  machineId: string | null
}

export async function collectHost (
  paths: { uptime: string, bootId: string, machineId: string },
  options: { signal?: AbortSignal } = {}
): Promise<HostFacts> {
  const [uptime, bootId, machineId] = await Promise.all([
    readText(paths.uptime, options.signal),
    readText(paths.bootId, options.signal),
    readOptionalText(paths.machineId, options.signal)
  ])
  return {
    uptimeSeconds: parseUptime(uptime),
    bootId: bootId.trim(),
    machineId: parseMachineId(machineId)
  }
}

/** /proc/uptime: "<seconds since boot> <idle seconds summed over CPUs>". */
export function parseUptime (text: string): number {
  const seconds = Number(text.trim().split(/\s+/)[0])
  if (!Number.isFinite(seconds)) throw new Error(`unreadable /proc/uptime: ${JSON.stringify(text)}`)
  return seconds
}

// On a read-only root the file can say "uninitialized" until systemd settles the id.
function parseMachineId (text: string | undefined): string | null {
  const id = text?.trim()
  return id !== undefined && /^[0-9a-f]{32}$/.test(id) ? id : null
}
