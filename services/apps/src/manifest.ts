// The app manifest: what an app is and what it asks for. It travels inside the module (see
// package/section.ts), so one CID addresses both. Every field is checked here, and a bad one
// is refused naming the field and what was expected: an owner must never be shown a
// capability in words that differs from what the runner would grant.

import { appNamePattern, InvalidManifestError } from '@pc2/core'
import type { AppCapabilities, AppKind } from '@pc2/core'

export type { AppCapabilities, AppKind }

export interface AppManifest {
  manifestVersion: 1
  name: string
  version: string
  description: string
  kind: AppKind
  /** The exported WASI command function to run; `_start` for any wasm32-wasi program. */
  entry: string
  capabilities: AppCapabilities
}

const versionPattern = /^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$/
const entryPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const environmentNamePattern = /^[A-Z][A-Z0-9_]{0,63}$/
/** `host:port`: a name, an IPv4 address or a bracketed IPv6 one, and a port. */
const destinationPattern = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]+\]|[0-9.]+):(?:[1-9][0-9]{0,4})$/i
const destinationPort = (destination: string): number => Number(destination.slice(destination.lastIndexOf(':') + 1))

/** Whether `value` is a destination as a manifest names one: `host:port`, the port 1–65535. */
export function isDestination (value: unknown): value is string {
  return typeof value === 'string' && destinationPattern.test(value) && destinationPort(value) <= 65535
}

const schedulePattern = /^(hourly|daily|every ([1-9][0-9]{0,3})m)$/

export const manifestLimits = { maxStorageMiB: 4096, maxMemoryMiB: 1024, maxDestinations: 16, maxEnvironment: 32, maxScheduleArgs: 16, maxArgLength: 256 } as const

function refuse (field: string, expected: string, value: unknown): never {
  throw new InvalidManifestError(`manifest field "${field}": expected ${expected}`, { details: { field, expected, value } })
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text (record: Record<string, unknown>, field: string, pattern: RegExp, expected: string, prefix = ''): string {
  const value = record[field]
  if (typeof value !== 'string' || !pattern.test(value)) refuse(prefix + field, expected, value)
  return value
}

function whole (record: Record<string, unknown>, field: string, min: number, max: number, prefix: string): number {
  const value = record[field]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) refuse(prefix + field, `an integer from ${min} to ${max}`, value)
  return value
}

function capabilities (value: unknown, kind: AppKind): AppCapabilities {
  if (!isRecord(value)) refuse('capabilities', 'an object', value)
  const known = new Set(['storageMiB', 'memoryMiB', 'network', 'environment', 'schedule', 'scheduleArgs'])
  for (const key of Object.keys(value)) if (!known.has(key)) refuse(`capabilities.${key}`, `no such field (known: ${[...known].join(', ')})`, value[key])
  const storageMiB = whole(value, 'storageMiB', 0, manifestLimits.maxStorageMiB, 'capabilities.')
  const memoryMiB = whole(value, 'memoryMiB', 1, manifestLimits.maxMemoryMiB, 'capabilities.')
  const network = value.network ?? []
  if (!Array.isArray(network) || network.length > manifestLimits.maxDestinations) refuse('capabilities.network', `a list of at most ${manifestLimits.maxDestinations} host:port destinations`, network)
  network.forEach((destination: unknown, index) => {
    if (typeof destination !== 'string' || !destinationPattern.test(destination)) refuse(`capabilities.network[${index}]`, 'host:port (a name or an address, and a port from 1 to 65535)', destination)
    if (destinationPort(destination) > 65535) refuse(`capabilities.network[${index}]`, 'a port from 1 to 65535', destination)
  })
  if (new Set(network).size !== network.length) refuse('capabilities.network', 'no destination twice', network)
  const environment = value.environment ?? {}
  if (!isRecord(environment) || Object.keys(environment).length > manifestLimits.maxEnvironment) refuse('capabilities.environment', `an object of at most ${manifestLimits.maxEnvironment} NAME: "default value" pairs`, environment)
  for (const [name, defaultValue] of Object.entries(environment)) {
    if (!environmentNamePattern.test(name)) refuse(`capabilities.environment.${name}`, 'a name of capital letters, digits and _', name)
    if (typeof defaultValue !== 'string' || defaultValue.length > 1024 || defaultValue.includes('\0')) refuse(`capabilities.environment.${name}`, 'a text default of at most 1024 characters', defaultValue)
  }
  const result: AppCapabilities = { storageMiB, memoryMiB, network: network as string[], environment: environment as Record<string, string> }
  if (value.schedule !== undefined) {
    if (kind !== 'job') refuse('capabilities.schedule', 'no schedule: only jobs run on a schedule', value.schedule)
    const schedule = text(value, 'schedule', schedulePattern, '"hourly", "daily" or "every <N>m" (N from 1 to 9999)', 'capabilities.')
    result.schedule = schedule
  }
  if (value.scheduleArgs !== undefined) {
    if (result.schedule === undefined) refuse('capabilities.scheduleArgs', 'no scheduleArgs without a schedule', value.scheduleArgs)
    const args = value.scheduleArgs
    const expected = `a list of at most ${manifestLimits.maxScheduleArgs} texts of at most ${manifestLimits.maxArgLength} characters`
    if (!Array.isArray(args) || args.length > manifestLimits.maxScheduleArgs) refuse('capabilities.scheduleArgs', expected, args)
    args.forEach((arg: unknown, index) => {
      if (typeof arg !== 'string' || arg.length > manifestLimits.maxArgLength || arg.includes('\0')) refuse(`capabilities.scheduleArgs[${index}]`, `a text of at most ${manifestLimits.maxArgLength} characters`, arg)
    })
    result.scheduleArgs = args as string[]
  }
  return result
}

/** A checked manifest from parsed JSON; throws InvalidManifestError naming the first bad field. */
export function parseManifest (value: unknown): AppManifest {
  if (!isRecord(value)) refuse('(manifest)', 'a JSON object', value)
  const known = new Set(['manifestVersion', 'name', 'version', 'description', 'kind', 'entry', 'capabilities'])
  for (const key of Object.keys(value)) if (!known.has(key)) refuse(key, `no such field (known: ${[...known].join(', ')})`, value[key])
  if (value.manifestVersion !== 1) refuse('manifestVersion', '1', value.manifestVersion)
  const name = text(value, 'name', appNamePattern, 'a name of 1 to 32 lower-case letters, digits and -, starting with a letter')
  const version = text(value, 'version', versionPattern, 'a version MAJOR.MINOR.PATCH')
  const description = value.description
  if (typeof description !== 'string' || description.trim() === '' || description.length > 500) refuse('description', 'non-empty text of at most 500 characters', description)
  const kind = value.kind
  if (kind !== 'job' && kind !== 'web') refuse('kind', '"job" or "web"', kind)
  const entry = value.entry === undefined ? '_start' : text(value, 'entry', entryPattern, 'the name of an exported function')
  return { manifestVersion: 1, name, version, description, kind, entry, capabilities: capabilities(value.capabilities, kind) }
}
