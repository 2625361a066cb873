// Helia's and libp2p's key-value store (the node's private key, the peer store), in
// datastore-fs's layout. datastore-fs renames a temp file into place without fsync; this
// fsyncs, so the node's identity written at first start survives a power cut right after.

import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { syncDirectory, writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { FsDatastore } from 'datastore-fs'
import type { Key } from 'interface-datastore'

export class DurableFsDatastore extends FsDatastore {
  #closed = false

  override async open (): Promise<void> {
    this.#closed = false
    await super.open()
  }

  override async close (): Promise<void> {
    this.#closed = true
    await super.close()
  }

  override async put (key: Key, value: Uint8Array, options: AbortOptions = {}): Promise<Key> {
    // libp2p still tidies peer records for a moment after it stopped; a closed store keeps
    // none of that (peer records are a cache) rather than recreate a directory someone removed.
    if (this.#closed) return key
    const { file } = this._encode(key)
    const directory = dirname(file)
    const created = await mkdir(directory, { recursive: true, mode: 0o750 })
    if (created !== undefined) await syncDirectory(dirname(created))
    // The private key lives here: readable by this service's user only.
    await writeFileAtomic(file, value, { mode: 0o600, ...options })
    return key
  }
}
