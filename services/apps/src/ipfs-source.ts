// Where packages come from: the node's own pc2-ipfs, over its Unix socket. `POST /fetch`
// copies the CID from LAN peers and pins it (a no-op when it is already here), then the
// gateway route gives the file's bytes, every block verified by pc2-ipfs on the way.

import { request } from 'node:http'
import { PayloadTooLargeError, UnavailableError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { InvalidPackageError } from './errors.ts'

export interface PackageSource {
  fetch (cid: string, options?: AbortOptions): Promise<Uint8Array>
}

export const maxPackageBytes = 64 << 20

interface Answer { status: number, body: Buffer }

function call (socketPath: string, method: string, path: string, body: string | undefined, signal: AbortSignal | undefined): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: '*/*' }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; headers['Content-Length'] = String(Buffer.byteLength(body)) }
    const outgoing = request({ socketPath, method, path, headers, agent: false, timeout: 120_000, ...(signal === undefined ? {} : { signal }) }, (response) => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxPackageBytes) { response.destroy(new PayloadTooLargeError(`the package is larger than ${maxPackageBytes >> 20} MiB`)); return }
        chunks.push(chunk)
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 500, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    outgoing.on('timeout', () => outgoing.destroy(new UnavailableError('pc2-ipfs did not answer in 120 s')))
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      reject(error instanceof PayloadTooLargeError || error instanceof UnavailableError || error.name === 'AbortError'
        ? error
        : new UnavailableError(`pc2-ipfs is not answering on ${socketPath}: ${error.code ?? error.message}`, { details: { socket: socketPath }, cause: error }))
    })
    outgoing.end(body)
  })
}

function reason (answer: Answer): string {
  try {
    const parsed = JSON.parse(answer.body.toString('utf8')) as { error?: { message?: string } }
    return parsed.error?.message ?? `status ${answer.status}`
  } catch {
    return `status ${answer.status}`
  }
}

export function ipfsPackageSource (socketPath: string): PackageSource {
  return {
    async fetch (cid, options = {}) {
      const fetched = await call(socketPath, 'POST', '/fetch', JSON.stringify({ cid }), options.signal)
      if (fetched.status !== 201 && fetched.status !== 200) throw new InvalidPackageError(`cannot get ${cid} from this node or its peers: ${reason(fetched)}`, { details: { cid } })
      const file = await call(socketPath, 'GET', `/ipfs/${encodeURIComponent(cid)}`, undefined, options.signal)
      if (file.status !== 200) throw new InvalidPackageError(`cannot read ${cid}: ${reason(file)}`, { details: { cid } })
      return new Uint8Array(file.body)
    }
  }
}
