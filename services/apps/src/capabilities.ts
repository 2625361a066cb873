// What an app asks for, in words the owner reads before granting, and the grant itself.
// The owner grants each requested capability or not; a grant can never exceed the request,
// and the runner is given the grant, never the manifest — nothing ungranted is available.

import { InvalidInputError } from '@pc2/core'
import type { AppCapabilities, AppGrant, AppGrantRequest } from '@pc2/core'
import type { AppManifest } from './manifest.ts'

export type { AppGrant }

/** The owner's choice, as an install or a grant change asks for it (core's AppGrantRequest). */
export type GrantRequest = AppGrantRequest

export function describeCapabilities (manifest: AppManifest): string[] {
  const { capabilities } = manifest
  const lines = [
    manifest.kind === 'web'
      ? `Serves a web page at /apps/${manifest.name}/, answered by the app once per request.`
      : 'Runs as a job: arguments and input in, output and an exit code out, when you start it.',
    capabilities.storageMiB === 0
      ? 'Keeps no files: it sees no folder at all.'
      : `Keeps up to ${capabilities.storageMiB} MiB of files in its own folder (/data/apps/${manifest.name}); it sees no other file of the node.`,
    `Uses up to ${capabilities.memoryMiB} MiB of memory.`,
    capabilities.network.length === 0
      ? 'Has no network at all.'
      : `Connects to ${capabilities.network.join(', ')} and nowhere else.`
  ]
  const variables = Object.keys(capabilities.environment)
  if (variables.length > 0) lines.push(`Reads the settings ${variables.join(', ')}, which you can change.`)
  if (capabilities.schedule !== undefined) {
    const every = capabilities.schedule === 'hourly' ? 'every hour' : capabilities.schedule === 'daily' ? 'every day' : capabilities.schedule
    const args = capabilities.scheduleArgs ?? []
    lines.push(`Runs by itself ${every}${args.length === 0 ? ', with no arguments' : `, with the arguments ${args.map((arg) => JSON.stringify(arg)).join(' ')}`}, if you allow it.`)
  }
  return lines
}

/** The grant for `requested` as the owner chose it; throws InvalidInputError naming what exceeds the request. */
export function makeGrant (requested: AppCapabilities, choice: GrantRequest = {}): AppGrant {
  const network = choice.network ?? []
  for (const destination of network) {
    if (!requested.network.includes(destination)) throw new InvalidInputError(`grant.network: the app did not ask for ${destination}`, { details: { field: 'grant.network', value: destination } })
  }
  const environment = { ...requested.environment }
  for (const [name, value] of Object.entries(choice.environment ?? {})) {
    if (!(name in requested.environment)) throw new InvalidInputError(`grant.environment: the app does not read ${name}`, { details: { field: 'grant.environment', value: name } })
    if (typeof value !== 'string' || value.length > 1024 || value.includes('\0')) throw new InvalidInputError(`grant.environment.${name}: expected text of at most 1024 characters`, { details: { field: `grant.environment.${name}` } })
    environment[name] = value
  }
  if (choice.schedule === true && requested.schedule === undefined) throw new InvalidInputError('grant.schedule: the app has no schedule', { details: { field: 'grant.schedule' } })
  return { storageMiB: requested.storageMiB, memoryMiB: requested.memoryMiB, network: [...new Set(network)], environment, schedule: choice.schedule === true }
}
