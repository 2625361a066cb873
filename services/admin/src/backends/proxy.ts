// Passing a service's reply through as a stream: gateway content and upload acknowledgements
// can be large or slow, and an event stream never ends, so nothing is buffered here: each
// chunk is written as it arrives. Only the headers that describe the content cross;
// pc2-admin's own security headers are added by the server.

import type { IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { StreamReply } from '../http.ts'

const passedHeaders = ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'Cache-Control', 'X-Ipfs-Path', 'X-Ipfs-Roots', 'Content-Disposition', 'Vary', 'Last-Modified']

export interface ProxyOptions {
  /** Send the status and headers only (HEAD): the service's body is dropped unread. */
  headOnly?: boolean
  /**
   * The signal the service call was made with. When it aborts (the client went away, the
   * server stops) the call is torn down, which ends the pass-through quietly: that is how
   * an endless event stream is meant to end.
   */
  signal?: AbortSignal
}

export function proxyReply (response: IncomingMessage, options: ProxyOptions = {}): StreamReply {
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
        // destroy, not resume: a body that never ends (an event stream) must not stay open.
        response.destroy()
        return
      }
      try {
        await pipeline(response, out, { end: false })
      } catch (error) {
        if (options.signal?.aborted !== true && !out.destroyed) throw error
      }
    }
  }
}
