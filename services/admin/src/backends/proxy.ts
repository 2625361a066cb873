// Passing a service's reply through as a stream: gateway content and upload acknowledgements
// can be large or slow, and an event stream never ends, so nothing is buffered here: each
// chunk is written as it arrives. Only the headers that describe the content cross;
// pc2-admin's own security headers are added by the server.

import type { IncomingMessage } from 'node:http'
import type { StreamReply } from '@pc2/core'

const passedHeaders = ['Content-Type', 'Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Cache-Control', 'X-Ipfs-Path', 'X-Ipfs-Roots', 'Content-Disposition', 'Vary', 'Last-Modified']

export function proxyReply (response: IncomingMessage): StreamReply {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' }
  for (const name of passedHeaders) {
    const value = response.headers[name.toLowerCase()]
    if (typeof value === 'string') headers[name] = value
  }
  return {
    status: response.statusCode ?? 502,
    headers,
    // destroy, not resume: a body that never ends (an event stream) must not stay open.
    discard: () => { response.destroy() },
    stream: async (write, signal) => {
      // The call was made with the request's signal: when the client goes away or the server
      // closes, the call is torn down, which ends the pass-through quietly. That is how an
      // endless event stream is meant to end.
      try {
        for await (const chunk of response) await write(chunk as Buffer)
      } catch (error) {
        if (!signal.aborted) throw error
      } finally {
        response.destroy()
      }
    }
  }
}
