// Small JSON request bodies (the owner API's); uploads read their body as a stream instead.

import type { IncomingMessage } from 'node:http'
import { InvalidInputError, PayloadTooLargeError } from '@pc2/core'

export const jsonBodyLimitBytes = 64 * 1024

export async function readJsonBody (request: IncomingMessage, signal?: AbortSignal): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') throw new InvalidInputError('the body must be JSON, sent with Content-Type: application/json')
  if (Number(request.headers['content-length'] ?? 0) > jsonBodyLimitBytes) {
    throw new PayloadTooLargeError(`the body may be at most ${jsonBodyLimitBytes} bytes`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    signal?.throwIfAborted()
    size += (chunk as Buffer).byteLength
    if (size > jsonBodyLimitBytes) throw new PayloadTooLargeError(`the body may be at most ${jsonBodyLimitBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new InvalidInputError('the body is not valid JSON')
  }
}
