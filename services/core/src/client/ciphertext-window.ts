// The ciphertext not yet acknowledged by the node. Encryption is sequential and cannot be
// restarted mid-file, so the bytes of the request in flight stay here until the node says
// they are durable; after a failure the upload resumes from any offset inside the window.
// Two buffers of one window each are an upload's whole memory for file data: while the node
// stores one window, the next is encrypted into the other, so the CPU work here overlaps the
// network and the node's hashing and fsync.

import { UploadSourceError } from './upload-errors.ts'

/**
 * The ciphertext as it is produced: a ReadableStream, the browser's or Node's (the CLI
 * wraps its generator with ReadableStream.from). Only its reader is used.
 */
export interface CiphertextSource {
  getReader (): {
    read (): Promise<{ done: boolean, value?: Uint8Array | undefined }>
    cancel (reason?: unknown): Promise<void>
  }
}

export interface CiphertextWindow {
  /** Offset in the ciphertext of the window's first byte. */
  readonly start: number
  /** Offset just after the window's last byte. */
  readonly end: number
  /** The window's bytes from `offset` (start ≤ offset ≤ end) to its end. */
  from (offset: number): Uint8Array<ArrayBuffer>
  /** Drops the window (all of it acknowledged) and fills it with the next bytes; false at the end. */
  advance (): Promise<boolean>
  /** Stops reading the source. */
  cancel (reason: unknown): Promise<void>
}

const changedHint = 'was the file changed while it was read?'

/**
 * Windows of `bytes` over `source`. With `totalBytes` (the size the upload was opened for),
 * a source that ends early or goes on past it is an UploadSourceError.
 */
export function createCiphertextWindow (source: CiphertextSource, bytes: number, totalBytes?: number): CiphertextWindow {
  const reader = source.getReader()
  // A small upload needs no full-size buffers; the second one holds every other window.
  let current = new Uint8Array(totalBytes === undefined ? bytes : Math.min(bytes, totalBytes))
  let spare = new Uint8Array(totalBytes === undefined ? bytes : Math.min(bytes, Math.max(0, totalBytes - bytes)))
  // What the last piece read had beyond the window it filled.
  let carry: Uint8Array | undefined
  let taken = 0
  let start = 0
  let length = 0
  let prefetched: Promise<number> | undefined

  /** Fills `buffer` with the next window; fills never overlap (advance awaits the one before). */
  const fill = async (buffer: Uint8Array): Promise<number> => {
    const limit = totalBytes === undefined ? bytes : Math.min(bytes, totalBytes - taken)
    let filled = 0
    while (filled < limit) {
      const piece = carry ?? (await reader.read()).value
      if (piece === undefined) break
      const take = Math.min(piece.byteLength, limit - filled)
      buffer.set(piece.subarray(0, take), filled)
      filled += take
      carry = take < piece.byteLength ? piece.subarray(take) : undefined
    }
    taken += filled
    if (totalBytes !== undefined && filled < limit) throw new UploadSourceError(`the ciphertext ended ${totalBytes - taken} bytes early; ${changedHint}`)
    if (totalBytes !== undefined && limit === 0) {
      // Past the announced size: the source must be over.
      for (let piece = carry ?? (await reader.read()).value; piece !== undefined; piece = (await reader.read()).value) {
        if (piece.byteLength > 0) throw new UploadSourceError(`the ciphertext goes on past the ${totalBytes} bytes announced; ${changedHint}`)
      }
    }
    return filled
  }

  return {
    get start () { return start },
    get end () { return start + length },
    from (offset) {
      if (offset < start || offset > start + length) throw new RangeError(`offset ${offset} is outside ${start}…${start + length}`)
      return current.subarray(offset - start, length)
    },
    async advance () {
      start += length
      if (prefetched === undefined) {
        length = await fill(current)
      } else {
        length = await prefetched
        ;[current, spare] = [spare, current]
      }
      prefetched = length > 0 ? fill(spare) : undefined
      // A failed read surfaces at the next advance(); keep it from counting as unhandled meanwhile.
      prefetched?.catch(() => {})
      return length > 0
    },
    async cancel (reason) {
      // Stopping a source that failed or ended already is no news.
      await reader.cancel(reason).catch(() => {})
    }
  }
}
