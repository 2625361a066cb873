// A 507 QuotaExceededError says how much an upload needed and how much is free
// (services/ipfs/API.md); the owner gets those numbers, not only "no space".

import { ApiError } from './api.ts'
import { formatBytes } from './format.ts'

export interface QuotaShortfall {
  neededBytes: number | undefined
  freeBytes: number | undefined
  quotaBytes: number | undefined
}

function numberOrUndefined (value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function quotaShortfall (error: unknown): QuotaShortfall | undefined {
  if (!(error instanceof ApiError) || error.name !== 'QuotaExceededError') return undefined
  return {
    neededBytes: numberOrUndefined(error.details?.size),
    freeBytes: numberOrUndefined(error.details?.freeBytes),
    quotaBytes: numberOrUndefined(error.details?.quotaBytes)
  }
}

/** "Not enough space on the node: this file needs 20.0 MiB, 5.0 MiB of 100 MiB is free." */
export function describeShortfall ({ neededBytes, freeBytes, quotaBytes }: QuotaShortfall): string {
  const needs = neededBytes === undefined ? '' : ` this file needs ${formatBytes(neededBytes)},`
  const free = freeBytes === undefined ? 'the node is full' : `${formatBytes(freeBytes)}${quotaBytes === undefined ? '' : ` of ${formatBytes(quotaBytes)}`} is free`
  return `Not enough space on the node:${needs} ${free}.`
}
