// The owner's apps (admin/apps/API.md), through pc2-admin.
//
// /api/apps[/<name>[/grant|/runs]] (owner): installed apps, install by CID, grants, runs, uninstall,
// passed to pc2-apps as /apps[/…].
//
// /apps/<name>/<rest> (app access: the owner's session; changes only as own-origin form posts):
// one request to a web app, which pc2-apps runs in the WAGI style. The page is the app's, not
// pc2-admin's, so it is served boxed in: a CSP sandbox with no scripts at all (an app's page
// cannot act as the owner through the API, which needs a token no form can send), forms that
// may only go back to the same app, no framing, no external resources. The owner's cookie and
// CSRF token never reach the app; pc2-admin says who asked in X-PC2-* headers instead.

import { keccak256 } from 'viem'
import { appNamePattern, appNameSource, appWebBodyLimitBytes, emptyReply, InvalidInputError, LicenseMismatchError, NoLicenseError, NotFoundError, PayloadTooLargeError } from '@pc2/core'
import type { Reply } from '@pc2/core'
import { passToService } from '../backends/pass.ts'
import { proxyReply } from '../backends/proxy.ts'
import type { OwnerRouteContext } from '../context.ts'

const ownerPath = new RegExp(`^(${appNameSource})(/grant|/runs)?$`)

/**
 * GET/POST /api/apps: the installed apps; install one by CID. An install that names the
 * FileShop listing it was bought from (`listingId`) goes on only if the chain says, now, that
 * the owner holds that listing's license and that the listing sells this CID with this key.
 */
export async function appList (context: OwnerRouteContext): Promise<Reply> {
  if (context.method !== 'POST') return await passToService(context, context.admin.clients.apps, '/apps')
  const body = await context.readJson()
  const isRecord = typeof body === 'object' && body !== null && !Array.isArray(body)
  if (!isRecord || !('listingId' in body)) return await passToService(context, context.admin.clients.apps, '/apps', {}, body)
  const { listingId, ...install } = body as Record<string, unknown>
  await checkLicense(context, listingId, install)
  return await passToService(context, context.admin.clients.apps, '/apps', {}, install)
}

async function checkLicense (context: OwnerRouteContext, listingId: unknown, install: Record<string, unknown>): Promise<void> {
  const id = typeof listingId === 'number' && Number.isSafeInteger(listingId) ? String(listingId) : listingId
  if (typeof id !== 'string' || !/^[1-9][0-9]{0,76}$/.test(id)) {
    throw new InvalidInputError('listingId: expected the number of the FileShop listing the app was bought from, a positive whole number', { details: { field: 'listingId' } })
  }
  const account = context.session.address
  const license = await context.admin.clients.shop.call('GET /licenses/:id', { params: { id }, headers: { 'x-pc2-owner': account }, signal: context.signal })
  if (!license.licensed) {
    throw new NoLicenseError(`${account} holds no license for listing ${id}: buy it first (the license token comes with the seller's delivery)`, { details: { listingId: id, account } })
  }
  if (license.cid !== install.cid) {
    throw new LicenseMismatchError(`listing ${id} sells ${license.cid}, not ${String(install.cid)}`, { details: { field: 'cid', listingId: id } })
  }
  const key = typeof install.key === 'string' && /^[A-Za-z0-9_-]{43}$/.test(install.key) ? Buffer.from(install.key, 'base64url') : undefined
  if (key === undefined || keccak256(key) !== license.keyCommitment) {
    throw new LicenseMismatchError(`key: not the key listing ${id} committed to; paste the link the purchase gave, with its #k=`, { details: { field: 'key', listingId: id } })
  }
}

/** /api/apps/<name>, /grant, /runs. */
export async function appOwner (context: OwnerRouteContext): Promise<Reply> {
  const rest = context.params['*'] ?? ''
  if (!ownerPath.test(rest)) throw new NotFoundError(`no apps route /api/apps/${rest}`)
  return await passToService(context, context.admin.clients.apps, `/apps/${rest}`)
}

/** What a web app request may carry, beside pc2-apps's own X-PC2-* facts. */
const forwardedHeaders = ['content-type', 'content-length', 'accept', 'accept-language', 'user-agent', 'if-none-match', 'if-modified-since']
/** pc2-admin's own security headers win over anything an app says. */
const withheldHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'set-cookie', 'date', 'content-type',
  'cache-control', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'content-security-policy'])

export function appContentSecurityPolicy (formTarget: string): string {
  return "sandbox allow-forms allow-same-origin allow-downloads; default-src 'self'; script-src 'none'; object-src 'none'; " +
    `style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action ${formTarget}; frame-ancestors 'none'`
}

/** Any method on /apps/<name>/<rest>. */
export async function webApp (context: OwnerRouteContext): Promise<Reply> {
  const rest = context.params['*'] ?? ''
  const slash = rest.indexOf('/')
  const name = slash === -1 ? rest : rest.slice(0, slash)
  if (!appNamePattern.test(name)) throw new NotFoundError(`no app named ${JSON.stringify(name)}: names are a–z, 0–9 and -`)
  // Relative links in an app's pages need the trailing slash.
  if (slash === -1) return emptyReply(context.method === 'GET' ? 301 : 308, { Location: `/apps/${name}/${context.url.search}` })
  const length = Number(context.headers['content-length'] ?? 0)
  if (length > appWebBodyLimitBytes) {
    throw new PayloadTooLargeError(`a request to an app carries at most ${appWebBodyLimitBytes >> 20} MiB`, { details: { limitBytes: appWebBodyLimitBytes } })
  }
  const { serverName, serverPort } = serverOf(context.host, context.secure)
  const headers: Record<string, string> = {
    'X-PC2-Script-Name': `/apps/${name}`,
    'X-PC2-Remote-Address': context.remoteAddress,
    'X-PC2-Server-Name': serverName,
    'X-PC2-Server-Port': String(serverPort)
  }
  for (const header of forwardedHeaders) {
    const value = context.headers[header]
    if (typeof value === 'string') headers[header] = value
  }
  const sendsBody = context.method !== 'GET' && context.method !== 'HEAD'
  const response = await context.admin.clients.apps.request({
    method: context.method === 'HEAD' ? 'GET' : context.method,
    path: `/web/${rest}${context.url.search}`,
    headers,
    ...(sendsBody ? { body: context.body } : {}),
    signal: context.signal
  })
  const passed: Record<string, string> = {}
  for (const [header, value] of Object.entries(response.headers)) {
    if (withheldHeaders.has(header) || value === undefined) continue
    passed[header] = Array.isArray(value) ? value.join(', ') : value
  }
  const origin = context.host !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(context.host) ? `${context.secure ? 'https' : 'http'}://${context.host}` : undefined
  passed['Content-Security-Policy'] = appContentSecurityPolicy(origin === undefined ? "'self'" : `${origin}/apps/${name}/`)
  passed['Cache-Control'] = 'no-store'
  // Not no-referrer (the UI's): under it browsers send `Origin: null` with a form post, and
  // the own-origin check could never pass. same-origin still tells other sites nothing.
  passed['Referrer-Policy'] = 'same-origin'
  // The body passes through as pc2-admin's other proxied replies do; only the headers differ.
  const reply = proxyReply(response)
  reply.headers = { ...passed, 'Content-Type': reply.headers?.['Content-Type'] ?? 'application/octet-stream' }
  return reply
}

function serverOf (host: string | undefined, secure: boolean): { serverName: string, serverPort: number } {
  const fallback = { serverName: 'pc2.local', serverPort: secure ? 443 : 80 }
  if (host === undefined || !URL.canParse(`http://${host}`)) return fallback
  const url = new URL(`http://${host}`)
  return { serverName: url.hostname, serverPort: url.port === '' ? fallback.serverPort : Number(url.port) }
}
