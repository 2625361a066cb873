// A plain HTTP GET to a peer's gateway, its body read as a stream. No keep-alive: one
// transfer per connection, closed when it is done or abandoned.

import { get } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { TimeoutError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'

/** A connection that moves no byte for this long is given up on. */
export const idleTimeoutMs = 30_000

export async function httpGet (url: string, headers: Record<string, string>, options: AbortOptions = {}): Promise<IncomingMessage> {
  return await new Promise<IncomingMessage>((resolve, reject) => {
    const request = get(url, { headers, agent: false, ...(options.signal === undefined ? {} : { signal: options.signal }) }, resolve)
    request.on('error', reject)
    request.setTimeout(idleTimeoutMs, () => {
      request.destroy(new TimeoutError(`${url}: no data for ${idleTimeoutMs / 1000} s`, { details: { url } }))
    })
  })
}
