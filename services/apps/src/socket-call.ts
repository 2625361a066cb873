// One HTTP call to another PC2 service's Unix socket (pc2-ipfs for packages, pc2-egress for
// an app's network), the answer whole, up to a size.

import { request } from 'node:http'
import { PayloadTooLargeError, UnavailableError } from '@pc2/core'

export interface SocketAnswer { status: number, body: Buffer }

export interface SocketCallOptions {
  /** The service's name, for the error when it does not answer. */
  service: string
  timeoutMs: number
  maxBytes: number
  /** The error's words when the answer is longer than maxBytes. */
  tooLarge: string
  signal?: AbortSignal
}

export function callSocket (socketPath: string, method: string, path: string, body: string | undefined, options: SocketCallOptions): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: '*/*' }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(Buffer.byteLength(body)) }
    const outgoing = request({ socketPath, method, path, headers, agent: false, timeout: options.timeoutMs, ...(options.signal === undefined ? {} : { signal: options.signal }) }, (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > options.maxBytes) { response.destroy(new PayloadTooLargeError(options.tooLarge)); return }
        chunks.push(chunk)
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 500, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    outgoing.on('timeout', () => outgoing.destroy(new UnavailableError(`${options.service} did not answer in ${options.timeoutMs / 1000} s`)))
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      reject(error instanceof PayloadTooLargeError || error instanceof UnavailableError || error.name === 'AbortError'
        ? error
        : new UnavailableError(`${options.service} is not answering on ${socketPath}: ${error.code ?? error.message}`, { details: { socket: socketPath }, cause: error }))
    })
    outgoing.end(body)
  })
}

/** The error message of a service's JSON error answer, or its status. */
export function answerReason (answer: SocketAnswer): string {
  try {
    const parsed = JSON.parse(answer.body.toString('utf8')) as { error?: { message?: string } }
    return parsed.error?.message ?? `status ${answer.status}`
  } catch {
    return `status ${answer.status}`
  }
}
