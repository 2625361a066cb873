// One HTTP request to a web app: /web/<name>/<rest> on the socket, which pc2-admin maps from
// /apps/<name>/<rest>. pc2-admin sends the client's address and the mount in X-PC2-*
// headers and never the owner's cookie; the app's answer is a CGI response (wagi.ts).

import type { IncomingMessage, ServerResponse } from 'node:http'
import { appNameSource, appWebBodyLimitBytes, NotFoundError, PayloadTooLargeError } from '@pc2/core'
import type { AppsState } from './server.ts'

const webPath = new RegExp(`^/web/(${appNameSource})(/.*)?$`)

export async function serveWeb (apps: AppsState, request: IncomingMessage, response: ServerResponse, url: URL, signal: AbortSignal): Promise<void> {
  const match = webPath.exec(url.pathname)
  if (match === null) throw new NotFoundError(`no web app at ${url.pathname}`)
  const name = match[1] as string
  apps.store.get(name)
  const body = await readRawBody(request, appWebBodyLimitBytes, signal)
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !key.startsWith('x-pc2-')) headers[key] = value
  }
  let pathInfo: string
  try {
    pathInfo = decodeURIComponent(match[2] ?? '/')
  } catch {
    throw new NotFoundError(`the path ${JSON.stringify(match[2])} is not valid percent-encoding`)
  }
  const answer = await apps.runs.serve(name, {
    method: request.method ?? 'GET',
    scriptName: headerValue(request, 'x-pc2-script-name') ?? `/apps/${name}`,
    pathInfo,
    query: url.search.slice(1),
    headers,
    remoteAddress: headerValue(request, 'x-pc2-remote-address') ?? '',
    serverName: headerValue(request, 'x-pc2-server-name') ?? 'pc2.local',
    serverPort: Number(headerValue(request, 'x-pc2-server-port') ?? 80),
    bodyLength: body.length
  }, body, { signal })
  const outgoing: Record<string, string[]> = { 'cache-control': ['no-store'] }
  const fromApp = new Set<string>()
  for (const [key, value] of answer.headers) {
    const lower = key.toLowerCase()
    if (!fromApp.has(lower)) { fromApp.add(lower); outgoing[lower] = [] }
    outgoing[lower]!.push(value)
  }
  // An app's page is its own: it may not be framed (clickjacking the owner) nor sniff types.
  outgoing['x-content-type-options'] = ['nosniff']
  outgoing['x-frame-options'] = ['DENY']
  outgoing['content-length'] = [String(answer.body.length)]
  response.writeHead(answer.status, outgoing)
  response.end(request.method === 'HEAD' ? undefined : answer.body)
}

function headerValue (request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return typeof value === 'string' ? value : undefined
}

export async function readRawBody (request: IncomingMessage, limitBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    signal.throwIfAborted()
    size += (chunk as Buffer).length
    if (size > limitBytes) throw new PayloadTooLargeError(`a request to an app carries at most ${limitBytes >> 20} MiB`, { details: { limitBytes } })
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
