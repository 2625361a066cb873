// Web apps in the WAGI style (CGI 1.1, RFC 3875, for WebAssembly): one run per HTTP request.
// The request goes in as environment variables plus the body on stdin; the app writes CGI
// headers, a blank line and the body on stdout. pc2-admin mounts each web app at
// /apps/<name>/, so SCRIPT_NAME is that prefix and PATH_INFO the rest.

import { BadAppResponseError } from '@pc2/core'

export interface WagiRequest {
  method: string
  /** The app's mount, e.g. /apps/notes. */
  scriptName: string
  /** The path below the mount, always starting with "/". */
  pathInfo: string
  query: string
  headers: Record<string, string>
  remoteAddress: string
  serverName: string
  serverPort: number
  bodyLength: number
}


export interface WagiResponse {
  status: number
  headers: Array<[string, string]>
  body: Uint8Array
}

// Headers an app may not set: they belong to the node (session, framing, caching of the UI).
const refusedHeaders = new Set(['set-cookie', 'content-length', 'transfer-encoding', 'connection', 'strict-transport-security'])

/** The CGI variables of a request; the app's granted environment comes first and cannot override them. */
export function wagiEnvironment (request: WagiRequest, granted: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...granted }
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase()
    // The owner's session never reaches an app, nor does a forged CGI variable.
    if (lower === 'cookie' || lower === 'authorization' || lower === 'proxy' || lower === 'content-type' || lower === 'content-length') continue
    env[`HTTP_${lower.toUpperCase().replace(/-/g, '_')}`] = value
  }
  Object.assign(env, {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_SOFTWARE: 'pc2-apps',
    REQUEST_METHOD: request.method,
    SCRIPT_NAME: request.scriptName,
    PATH_INFO: request.pathInfo,
    QUERY_STRING: request.query,
    REMOTE_ADDR: request.remoteAddress,
    SERVER_NAME: request.serverName,
    SERVER_PORT: String(request.serverPort),
    X_FULL_URL: `${request.scriptName}${request.pathInfo}${request.query === '' ? '' : `?${request.query}`}`
  })
  if (request.bodyLength > 0) env.CONTENT_LENGTH = String(request.bodyLength)
  const contentType = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1]
  if (contentType !== undefined) env.CONTENT_TYPE = contentType
  return env
}

const maxHeaderBytes = 16 * 1024

/** Parses a CGI response (RFC 3875 §6): `Status:` or `Location:` or `Content-Type:` required. */
export function parseWagiResponse (stdout: Uint8Array): WagiResponse {
  let split = -1
  let separator = 0
  for (let index = 0; index < Math.min(stdout.length, maxHeaderBytes); index++) {
    if (stdout[index] === 0x0a && stdout[index + 1] === 0x0a) { split = index; separator = 2; break }
    if (stdout[index] === 0x0d && stdout[index + 1] === 0x0a && stdout[index + 2] === 0x0d && stdout[index + 3] === 0x0a) { split = index; separator = 4; break }
  }
  if (split === -1) throw new BadAppResponseError('the app wrote no CGI headers (a header block ended by a blank line)')
  let status = 200
  let sawContent = false
  const headers: Array<[string, string]> = []
  for (const line of new TextDecoder().decode(stdout.subarray(0, split)).split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new BadAppResponseError(`the app wrote a malformed header line: ${JSON.stringify(line.slice(0, 80))}`)
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (!/^[A-Za-z0-9-]+$/.test(name) || /[\r\n\0]/.test(value)) throw new BadAppResponseError(`the app wrote a malformed header: ${JSON.stringify(name.slice(0, 40))}`)
    const lower = name.toLowerCase()
    if (lower === 'status') {
      const code = Number(value.split(' ')[0])
      if (!Number.isInteger(code) || code < 200 || code > 599) throw new BadAppResponseError(`the app answered with status ${JSON.stringify(value)}, not 200–599`)
      status = code
      sawContent = true
      continue
    }
    if (lower === 'location') {
      if (!value.startsWith('/') && !/^https?:\/\//.test(value)) throw new BadAppResponseError('the app redirected to something that is not a path or an http(s) URL')
      if (status === 200) status = 302
      sawContent = true
    }
    if (lower === 'content-type') sawContent = true
    if (refusedHeaders.has(lower)) continue
    headers.push([name, value])
  }
  if (!sawContent) throw new BadAppResponseError('the app answered with neither Status, Location nor Content-Type')
  return { status, headers, body: stdout.subarray(split + separator) }
}
