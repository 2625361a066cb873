// What the JSON API's requests carry, checked field by field: a wrong field is refused
// naming it (`details.field`) before anything is fetched, run or written.

import { InvalidInputError } from '@pc2/core'
import type { AppGrantRequest, AppInstallRequest } from '@pc2/core'

const cidPattern = /^(bafy|bafk|Qm)[A-Za-z0-9]{20,120}$/

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** POST /apps: `{ cid, key?, grant?, name? }`. */
export function installRequest (value: unknown): AppInstallRequest & { grant: AppGrantRequest } {
  if (!isRecord(value) || typeof value.cid !== 'string' || !cidPattern.test(value.cid)) throw new InvalidInputError('cid: expected the CID of an app package', { details: { field: 'cid' } })
  if (value.name !== undefined && typeof value.name !== 'string') throw new InvalidInputError('name: expected the name of the app to upgrade', { details: { field: 'name' } })
  if (value.key !== undefined && typeof value.key !== 'string') throw new InvalidInputError('key: expected the file key of an encrypted package (the #k= of its share link)', { details: { field: 'key' } })
  return {
    cid: value.cid,
    grant: grantRequest(value.grant),
    ...(value.key === undefined ? {} : { key: value.key }),
    ...(value.name === undefined ? {} : { name: value.name })
  }
}

/** A grant, in an install or alone (PUT /apps/<name>/grant): `{ network?, environment?, schedule? }`. */
export function grantRequest (value: unknown): AppGrantRequest {
  if (value === undefined) return {}
  if (!isRecord(value)) throw new InvalidInputError('grant: expected an object { network?, environment?, schedule? }', { details: { field: 'grant' } })
  const grant: AppGrantRequest = {}
  if (value.network !== undefined) {
    if (!Array.isArray(value.network) || !value.network.every((item) => typeof item === 'string')) throw new InvalidInputError('grant.network: expected a list of host:port', { details: { field: 'grant.network' } })
    grant.network = value.network as string[]
  }
  if (value.environment !== undefined) {
    if (!isRecord(value.environment)) throw new InvalidInputError('grant.environment: expected an object of NAME: "value"', { details: { field: 'grant.environment' } })
    grant.environment = value.environment as Record<string, string>
  }
  if (value.schedule !== undefined) {
    if (typeof value.schedule !== 'boolean') throw new InvalidInputError('grant.schedule: expected true or false', { details: { field: 'grant.schedule' } })
    grant.schedule = value.schedule
  }
  return grant
}

/** POST /apps/<name>/runs: `{ args: [text…], stdin?: base64 }`, stdin decoded. */
export function runRequest (value: unknown): { args: string[], stdin?: Uint8Array } {
  if (!isRecord(value)) throw new InvalidInputError('expected an object { args: [text…], stdin?: base64 }', { details: { field: '(body)' } })
  const args = value.args ?? []
  if (!Array.isArray(args) || args.length > 256 || !args.every((arg) => typeof arg === 'string' && arg.length <= 4096 && !arg.includes('\0'))) {
    throw new InvalidInputError('args: expected a list of at most 256 texts', { details: { field: 'args' } })
  }
  if (value.stdin === undefined) return { args: args as string[] }
  if (typeof value.stdin !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.stdin)) throw new InvalidInputError('stdin: expected base64', { details: { field: 'stdin' } })
  return { args: args as string[], stdin: Buffer.from(value.stdin, 'base64') }
}
