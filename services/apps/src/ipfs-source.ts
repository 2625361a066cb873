// Where packages come from: the node's own pc2-ipfs, over its Unix socket. `POST /fetch`
// copies the CID from LAN peers and pins it (a no-op when it is already here), then the
// gateway route gives the file's bytes, every block verified by pc2-ipfs on the way.

import { InvalidPackageError, readBodyBytes, serviceClient, ServiceError, serviceError } from '@pc2/core'
import type { AbortOptions, IpfsApi } from '@pc2/core'

export interface PackageSource {
  fetch (cid: string, options?: AbortOptions): Promise<Uint8Array>
}

export const maxPackageBytes = 64 << 20

/** A fetch from peers may take a while; a local read is quick. */
const ipfsTimeoutMs = 120_000

export function ipfsPackageSource (socketPath: string): PackageSource {
  const ipfs = serviceClient<IpfsApi>({ name: 'pc2-ipfs', socketPath, timeoutMs: ipfsTimeoutMs })
  return {
    async fetch (cid, options = {}) {
      const { signal } = options
      try {
        await ipfs.call('POST /fetch', { json: { cid }, signal })
      } catch (error) {
        // pc2-ipfs answered, with a refusal: the CID is not to be had. Not answering is another matter.
        if (!(error instanceof ServiceError)) throw error
        throw new InvalidPackageError(`cannot get ${cid} from this node or its peers: ${error.message}`, { details: { cid } })
      }
      const file = await ipfs.request({ method: 'GET', path: `/ipfs/${encodeURIComponent(cid)}`, timeoutMs: ipfsTimeoutMs, signal })
      try {
        const bytes = await readBodyBytes(file, { limitBytes: maxPackageBytes, tooLarge: `the package is larger than ${maxPackageBytes >> 20} MiB`, signal })
        if (file.statusCode !== 200) throw new InvalidPackageError(`cannot read ${cid}: ${serviceError('pc2-ipfs', file.statusCode ?? 502, bytes.toString('utf8')).message}`, { details: { cid } })
        return new Uint8Array(bytes)
      } finally {
        // A refused or cut-short read leaves the rest of the answer unread: the connection goes.
        file.destroy()
      }
    }
  }
}
