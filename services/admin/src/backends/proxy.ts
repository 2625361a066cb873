// Passing a service's reply through as a stream: gateway content and upload acknowledgements
// can be large or slow, so nothing is buffered here. Only the headers that describe the
// content cross; pc2-admin's own security headers are added by the server.

import type { IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { StreamReply } from '../http.ts'

const passedHeaders = ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Cache-Control', 'X-Ipfs-Path', 'X-Ipfs-Roots', 'Content-Disposition', 'Vary', 'Last-Modified']

export function proxyReply (response: IncomingMessage, options: { headOnly?: boolean } = {}): StreamReply {
  const headers: Record<string, string> = {}
  for (const name of passedHeaders) {
    const value = response.headers[name.toLowerCase()]
    if (typeof value === 'string') headers[name] = value
  }
  return {
    status: response.statusCode ?? 502,
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
    headers,
    stream: async (out) => {
      if (options.headOnly === true) {
        response.resume()
        return
      }
      await pipeline(response, out, { end: false })
    }
  }
}
