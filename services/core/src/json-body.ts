// Reading a small JSON request body, the same way in every service that takes one: only
// `application/json` (a cross-site form cannot send it without a CORS preflight, which no
// PC2 service grants), at most `limitBytes`, and a parse error that never quotes the text
// (it may hold a key).

import type { IncomingMessage } from 'node:http'
import { InvalidInputError, PayloadTooLargeError } from './errors.ts'

export interface ReadJsonBodyOptions {
  limitBytes: number
  signal?: AbortSignal
}

export async function readJsonBody (request: IncomingMessage, options: ReadJsonBodyOptions): Promise<unknown> {
  const { limitBytes, signal } = options
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') throw new InvalidInputError('the body must be JSON, sent with Content-Type: application/json')
  const tooLarge = (): PayloadTooLargeError => new PayloadTooLargeError(`the body may be at most ${limitBytes} bytes`)
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    signal?.throwIfAborted()
    size += (chunk as Buffer).byteLength
    if (size > limitBytes) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new InvalidInputError('the body is not valid JSON')
  }
}
