// `pc2 download`'s work (and `pc2 buy`'s last step): fetch the ciphertext of a CID from a
// node's gateway, decrypt it as it streams (one chunk in memory) with the key a share link
// carries or a purchase delivered, and keep the plaintext only if all of it authenticated. Every way this can fail is its own error class (core's file-format errors
// for the bytes, the CLI's for the network and the destination).

import { stat } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { FileDecryptor } from '@pc2/core/file-format'
import type { FileMetadata, SecretStreamBackend, ShareLink } from '@pc2/core/file-format'
import { ContentNotFoundError, NetworkError } from '../errors.ts'
import { apiError, networkError } from '../node/client.ts'
import type { Progress } from '../progress.ts'
import { destinationPath, planDestination } from './destination.ts'
import { existsError, openPartialFile } from './partial-file.ts'
import type { PartialFile } from './partial-file.ts'

export interface DownloadInit {
  /** The node (its /ipfs/ gateway), the CID and the file key: a parsed share link. */
  source: ShareLink
  output?: string
  overwrite: boolean
  cwd: string
}

export interface DownloadComponents {
  backend: SecretStreamBackend
  progress: (total: number | undefined) => Progress
}

export interface DownloadResult {
  path: string
  metadata: FileMetadata
}

export async function downloadFile (init: DownloadInit, components: DownloadComponents, options: AbortOptions = {}): Promise<DownloadResult> {
  const { origin, cid, key } = init.source
  const destination = await planDestination(init.output, init.cwd)
  // An explicit file that exists is refused before anything is fetched.
  if (destination.kind === 'file' && !init.overwrite && await exists(destination.path)) throw existsError(destination.path)

  const response = await fetchCiphertext(origin, cid, options)
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  const decryptor = new FileDecryptor(components.backend, key)
  const progress = components.progress(Number.isFinite(declared) ? declared : undefined)
  let partial: PartialFile | undefined
  let path = ''
  let received = 0
  try {
    const write = async (pieces: Uint8Array[]): Promise<void> => {
      if (partial === undefined && decryptor.metadata !== undefined) {
        // The name is known once frame 0 has authenticated; only then is anything written.
        path = destinationPath(destination, decryptor.metadata)
        if (!init.overwrite && await exists(path)) throw existsError(path)
        partial = await openPartialFile(path)
      }
      for (const piece of pieces) await partial?.write(piece)
    }
    try {
      for await (const chunk of bodyChunks(response)) {
        received += chunk.byteLength
        await write(decryptor.update(chunk))
        progress.update(received, decryptor.expectedBytes)
      }
    } catch (error) {
      if (options.signal?.aborted === true || !(error instanceof TypeError)) throw error
      // undici reports a connection that broke mid-body as a TypeError ("terminated").
      throw new NetworkError(`the download from ${origin} broke off after ${received}${decryptor.expectedBytes === undefined ? '' : ` of ${decryptor.expectedBytes}`} bytes; try again`, { cause: error })
    }
    await write(decryptor.final())
    if (partial === undefined || decryptor.metadata === undefined) throw new Error('the decryptor finished without metadata')
    await partial.commit({ overwrite: init.overwrite })
    progress.finish(`downloaded ${path}`)
    return { path, metadata: decryptor.metadata }
  } catch (error) {
    progress.abandon()
    await partial?.discard()
    throw error
  }
}

async function fetchCiphertext (origin: string, cid: string, options: AbortOptions): Promise<Response> {
  const url = `${origin}/ipfs/${cid}`
  let response: Response
  try {
    // No Accept header: the gateway then answers the file's bytes, our ciphertext.
    response = await fetch(url, { signal: options.signal, redirect: 'follow', headers: { 'Accept-Encoding': 'identity' } })
  } catch (error) {
    if (options.signal?.aborted === true) throw error
    throw networkError(origin, error)
  }
  if (response.status === 200) return response
  const text = await response.text().catch(() => '')
  if (response.status === 404) throw new ContentNotFoundError(`${origin} does not have ${cid} (it was deleted, or the link names another node)`, { details: { cid } })
  throw apiError(`GET ${url}`, response, text)
}

async function * bodyChunks (response: Response): AsyncGenerator<Uint8Array> {
  const reader = response.body?.getReader()
  if (reader === undefined) return
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

async function exists (path: string): Promise<boolean> {
  return await stat(path).then(() => true, () => false)
}
