// Reading a request body, the same way in every service: JSON only as `application/json` (a
// cross-site form cannot send it without a CORS preflight, which no PC2 service grants), and
// every body at most a stated size, refused by its Content-Length before a byte is read. A
// JSON parse error never quotes the text (it may hold a key).

import type { IncomingMessage } from 'node:http'
import { InvalidInputError, PayloadTooLargeError } from '../errors.ts'

export interface ReadBodyOptions {
  limitBytes: number
  signal?: AbortSignal
  /** How the refusal names the limit, e.g. `a request to an app carries at most 1 MiB`. */
  tooLarge?: string
}

export async function readJsonBody (request: IncomingMessage, options: ReadBodyOptions): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') throw new InvalidInputError('the body must be JSON, sent with Content-Type: application/json')
  const bytes = await readBodyBytes(request, options)
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown
  } catch {
    throw new InvalidInputError('the body is not valid JSON')
  }
}

/** The whole body, whatever its type, once it is known to fit. */
export async function readBodyBytes (request: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const { limitBytes, signal } = options
  const tooLarge = (): PayloadTooLargeError => new PayloadTooLargeError(options.tooLarge ?? `the body may be at most ${limitBytes} bytes`, { details: { limitBytes } })
  if (Number(request.headers['content-length'] ?? 0) > limitBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    signal?.throwIfAborted()
    size += (chunk as Buffer).byteLength
    if (size > limitBytes) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
