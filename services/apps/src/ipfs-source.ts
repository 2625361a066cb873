// Where packages come from: the node's own pc2-ipfs, over its Unix socket. `POST /fetch`
// copies the CID from LAN peers and pins it (a no-op when it is already here), then the
// gateway route gives the file's bytes, every block verified by pc2-ipfs on the way.

import type { AbortOptions } from '@pc2/core'
import { InvalidPackageError } from './errors.ts'
import { answerReason, callSocket } from './socket-call.ts'
import type { SocketAnswer } from './socket-call.ts'

export interface PackageSource {
  fetch (cid: string, options?: AbortOptions): Promise<Uint8Array>
}

export const maxPackageBytes = 64 << 20

function call (socketPath: string, method: string, path: string, body: string | undefined, signal: AbortSignal | undefined): Promise<SocketAnswer> {
  return callSocket(socketPath, method, path, body, { service: 'pc2-ipfs', timeoutMs: 120_000, maxBytes: maxPackageBytes, tooLarge: `the package is larger than ${maxPackageBytes >> 20} MiB`, ...(signal === undefined ? {} : { signal }) })
}

export function ipfsPackageSource (socketPath: string): PackageSource {
  return {
    async fetch (cid, options = {}) {
      const fetched = await call(socketPath, 'POST', '/fetch', JSON.stringify({ cid }), options.signal)
      if (fetched.status !== 201 && fetched.status !== 200) throw new InvalidPackageError(`cannot get ${cid} from this node or its peers: ${answerReason(fetched)}`, { details: { cid } })
      const file = await call(socketPath, 'GET', `/ipfs/${encodeURIComponent(cid)}`, undefined, options.signal)
      if (file.status !== 200) throw new InvalidPackageError(`cannot read ${cid}: ${answerReason(file)}`, { details: { cid } })
      return new Uint8Array(file.body)
    }
  }
}
