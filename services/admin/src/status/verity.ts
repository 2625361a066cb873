// Whether / is served through dm-verity. The device-mapper UUID that veritysetup gives a
// verity target starts with CRYPT-VERITY-; that, not the name, is what proves it. The hash
// the boot asked for comes from the kernel command line the initramfs acted on.

import { realpath } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { VerityStatus } from '@pc2/core'
import { readOptionalText } from './read.ts'

const notVerity: VerityStatus = { enabled: false, device: null, name: null, rootHash: null }

export async function readVerity (
  majorMinor: string,
  paths: { sysDevBlock: string, cmdline: string },
  options: { signal?: AbortSignal } = {}
): Promise<VerityStatus> {
  const deviceDir = join(paths.sysDevBlock, majorMinor)
  const uuid = (await readOptionalText(join(deviceDir, 'dm', 'uuid'), options.signal))?.trim()
  if (uuid === undefined || !uuid.startsWith('CRYPT-VERITY-')) return notVerity
  const name = (await readOptionalText(join(deviceDir, 'dm', 'name'), options.signal))?.trim() ?? null
  const device = basename(await realpath(deviceDir))
  const cmdline = await readOptionalText(paths.cmdline, options.signal) ?? ''
  return { enabled: true, device, name, rootHash: parseRootHash(cmdline) }
}

/** `pc2.roothash=<hex>` from a kernel command line; systemd's plain `roothash=` as a fallback. */
export function parseRootHash (cmdline: string): string | null {
  const parameters = new Map<string, string>()
  for (const word of cmdline.trim().split(/\s+/)) {
    const equals = word.indexOf('=')
    if (equals > 0) parameters.set(word.slice(0, equals), word.slice(equals + 1))
  }
  const hash = parameters.get('pc2.roothash') ?? parameters.get('roothash')
  return hash !== undefined && /^[0-9a-fA-F]+$/.test(hash) ? hash.toLowerCase() : null
}
