// GET and POST /web/<name>/<path>: one request to a web app (WAGI, ../wagi.ts), which
// pc2-admin maps from /apps/<name>/<path>. pc2-admin sends the client's address and the mount
// in X-PC2-* headers and never the owner's cookie; the app's answer goes back as it gave it
// (status, headers, body), with the node's own headers on top.

import { appNamePattern, appWebBodyLimitBytes, NotFoundError } from '@pc2/core'
import type { ReplyHeaders } from '@pc2/core'
import type { AppsHandler } from '../context.ts'

const tooLarge = `a request to an app carries at most ${appWebBodyLimitBytes >> 20} MiB`

export const webRequestRoute: AppsHandler<'GET /web/*' | 'POST /web/*'> = async ({ apps, method, url, params, headers, readBytes, signal }) => {
  const rest = params['*']
  const slash = rest.indexOf('/')
  const name = slash === -1 ? rest : rest.slice(0, slash)
  if (!appNamePattern.test(name)) throw new NotFoundError(`no web app at ${url.pathname}`)
  apps.store.get(name)
  const body = await readBytes({ limitBytes: appWebBodyLimitBytes, tooLarge })
  const path = slash === -1 ? '/' : rest.slice(slash)
  let pathInfo: string
  try {
    pathInfo = decodeURIComponent(path)
  } catch {
    throw new NotFoundError(`the path ${JSON.stringify(path)} is not valid percent-encoding`)
  }
  const header = (field: string): string | undefined => {
    const value = headers[field]
    return typeof value === 'string' ? value : undefined
  }
  const forwarded: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !key.startsWith('x-pc2-')) forwarded[key] = value
  }
  const answer = await apps.runs.serve(name, {
    method,
    scriptName: header('x-pc2-script-name') ?? `/apps/${name}`,
    pathInfo,
    query: url.search.slice(1),
    headers: forwarded,
    remoteAddress: header('x-pc2-remote-address') ?? '',
    serverName: header('x-pc2-server-name') ?? 'pc2.local',
    serverPort: Number(header('x-pc2-server-port') ?? 80),
    bodyLength: body.length
  }, body, { signal })
  const fromApp: Record<string, string[]> = {}
  for (const [key, value] of answer.headers) {
    const name = key.toLowerCase()
    fromApp[name] = [...fromApp[name] ?? [], value]
  }
  const { 'cache-control': cacheControl, ...appHeaders } = fromApp
  const replyHeaders: ReplyHeaders = {
    ...appHeaders,
    // The server's Cache-Control (no-store) stands unless the app sent its own; under the
    // server's spelling, so that one replaces the other rather than both going out.
    ...(cacheControl === undefined ? {} : { 'Cache-Control': cacheControl }),
    // An app's page is its own: it may not be framed (clickjacking the owner) nor sniff types.
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY'
  }
  // Content-Length is the server's, from the body.
  return { status: answer.status, headers: replyHeaders, body: answer.body }
}
