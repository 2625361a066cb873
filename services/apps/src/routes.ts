// Every route of pc2-apps's JSON API (API.md next to this directory). pc2-admin passes the
// owner's calls here from /api/apps/…; nothing reaches this socket without the owner.

import { InvalidInputError, jsonReply } from '@pc2/core'
import { describeCapabilities } from './capabilities.ts'
import { openPackage } from './package/encrypted.ts'
import type { GrantRequest } from './capabilities.ts'
import type { AppsState, Route } from './server.ts'
import type { InstalledApp } from './store/app-store.ts'

const cidPattern = /^(bafy|bafk|Qm)[A-Za-z0-9]{20,120}$/

function view (app: InstalledApp, apps: AppsState): unknown {
  return { ...app, words: describeCapabilities(app.manifest), url: app.manifest.kind === 'web' ? `/apps/${app.name}/` : undefined, nextRunAt: apps.schedules.nextRunAt(app.name) }
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function grantOf (value: unknown): GrantRequest {
  if (value === undefined) return {}
  if (!isRecord(value)) throw new InvalidInputError('grant: expected an object { network?, environment?, schedule? }', { details: { field: 'grant' } })
  const grant: GrantRequest = {}
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

function runInput (value: unknown): { args: string[], stdin?: Uint8Array } {
  if (!isRecord(value)) throw new InvalidInputError('expected an object { args: [text…], stdin?: base64 }', { details: { field: '(body)' } })
  const args = value.args ?? []
  if (!Array.isArray(args) || args.length > 256 || !args.every((arg) => typeof arg === 'string' && arg.length <= 4096 && !arg.includes('\0'))) {
    throw new InvalidInputError('args: expected a list of at most 256 texts', { details: { field: 'args' } })
  }
  if (value.stdin === undefined) return { args: args as string[] }
  if (typeof value.stdin !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.stdin)) throw new InvalidInputError('stdin: expected base64', { details: { field: 'stdin' } })
  return { args: args as string[], stdin: Buffer.from(value.stdin, 'base64') }
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', handler: async () => jsonReply({ ok: true }) },
  { method: 'GET', path: '/apps', handler: async ({ apps }) => jsonReply({ apps: apps.store.list().map((app) => view(app, apps)) }) },
  {
    method: 'POST',
    path: '/apps',
    handler: async ({ apps, readJson, signal }) => {
      const body = await readJson()
      if (!isRecord(body) || typeof body.cid !== 'string' || !cidPattern.test(body.cid)) throw new InvalidInputError('cid: expected the CID of an app package', { details: { field: 'cid' } })
      if (body.name !== undefined && typeof body.name !== 'string') throw new InvalidInputError('name: expected the name of the app to upgrade', { details: { field: 'name' } })
      if (body.key !== undefined && typeof body.key !== 'string') throw new InvalidInputError('key: expected the file key of an encrypted package (the #k= of its share link)', { details: { field: 'key' } })
      const bytes = await openPackage(await apps.source.fetch(body.cid, { signal }), body.key)
      const installed = await apps.store.install(bytes, { cid: body.cid, grant: grantOf(body.grant), signal, ...(body.name === undefined ? {} : { expectName: body.name }) })
      apps.logger.notice('app installed', { app: installed.name, version: installed.manifest.version, cid: installed.cid })
      return jsonReply(view(installed, apps), 201)
    }
  },
  { method: 'GET', path: '/apps/:name', handler: async ({ apps, params }) => jsonReply(view(apps.store.get(params.name!), apps)) },
  {
    method: 'PUT',
    path: '/apps/:name/grant',
    handler: async ({ apps, params, readJson }) => jsonReply(view(await apps.store.regrant(params.name!, grantOf(await readJson())), apps))
  },
  {
    method: 'DELETE',
    path: '/apps/:name',
    handler: async ({ apps, params, query, signal }) => {
      await apps.store.uninstall(params.name!, { confirm: query.get('confirm') ?? '', signal })
      apps.logger.notice('app uninstalled', { app: params.name })
      return jsonReply({ removed: params.name })
    }
  },
  { method: 'GET', path: '/apps/:name/runs', handler: async ({ apps, params }) => { apps.store.get(params.name!); return jsonReply({ runs: apps.runs.history(params.name) }) } },
  {
    method: 'POST',
    path: '/apps/:name/runs',
    handler: async ({ apps, params, readJson, signal }) => {
      const result = await apps.runs.runJob(params.name!, runInput(await readJson()), { signal })
      const stdout = Buffer.from(result.stdout)
      return jsonReply({ outcome: result.outcome, exitCode: result.exitCode, stdout: stdout.toString('utf8'), stdoutBase64: stdout.toString('base64'), stderr: result.stderr, durationMs: Math.round(result.durationMs) })
    }
  }
]
