// How much more this node may store: the quota (setting ipfs.quota; `auto` = the size of the
// filesystem under PC2_IPFS_DIR less a reserve) less what the blocks use, never more than the
// disk really has left above the reserve, less what open uploads were promised. The reserve
// keeps /data writable for the other services (settings, vault, shop) when IPFS is full.

import { statfs } from 'node:fs/promises'
import { QuotaExceededError } from '@pc2/core'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'

export const diskReserveBytes = 1024 ** 3

export interface SpaceInit {
  dir: string
  quota: number | 'auto'
  blockstore: Pick<LocalBlockstore, 'usage'>
  /** Bytes promised to open uploads and not yet written. */
  reserved: () => number
  /** Kept free on the filesystem whatever the quota; 1 GiB by default. */
  diskReserveBytes?: number
}

export interface SpaceStatus {
  usedBytes: number
  quotaBytes: number
  freeBytes: number
  blocks: number
}

export interface Space {
  status (): Promise<SpaceStatus>
}

export function createSpace (init: SpaceInit): Space {
  const reserve = init.diskReserveBytes ?? diskReserveBytes
  const status = async (): Promise<SpaceStatus> => {
    const disk = await statfs(init.dir)
    const quotaBytes = init.quota === 'auto' ? Math.max(0, disk.blocks * disk.bsize - reserve) : init.quota
    const { bytes: usedBytes, blocks } = init.blockstore.usage()
    const underQuota = quotaBytes - usedBytes
    const onDisk = disk.bavail * disk.bsize - reserve
    const freeBytes = Math.max(0, Math.min(underQuota, onDisk) - init.reserved())
    return { usedBytes, quotaBytes, freeBytes, blocks }
  }
  return { status }
}

export function quotaExceeded (size: number, status: Pick<SpaceStatus, 'freeBytes' | 'quotaBytes'>): QuotaExceededError {
  return new QuotaExceededError(`${size} bytes do not fit: ${status.freeBytes} of ${status.quotaBytes} bytes are free`, {
    details: { size, freeBytes: status.freeBytes, quotaBytes: status.quotaBytes }
  })
}

/** True for the errors a full disk gives. */
export function isDiskFull (error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}
