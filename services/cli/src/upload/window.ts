// The ciphertext not yet acknowledged by the node. Encryption is sequential and cannot be
// restarted mid-file, so the bytes of the request in flight stay here until the node says
// they are durable; after a failure the upload resumes from any offset inside the window.
// Two windows (16 MiB each by default) are the CLI's whole memory for file data.

export interface CiphertextWindow {
  /** Offset in the ciphertext of the window's first byte. */
  readonly start: number
  /** Offset just after the window's last byte. */
  readonly end: number
  /** The window's bytes from `offset` (start ≤ offset ≤ end) to its end. */
  from (offset: number): Uint8Array<ArrayBuffer>
  /** Drops the window (all of it acknowledged) and fills it with the next bytes; false at the end. */
  advance (): Promise<boolean>
}

export function createCiphertextWindow (source: AsyncIterator<Uint8Array>, bytes: number): CiphertextWindow {
  // Two buffers: while the node stores one window, the next is encrypted into the other, so
  // the CPU work here overlaps the network and the node's hashing and fsync.
  let current = new Uint8Array(bytes)
  let spare = new Uint8Array(bytes)
  let carry: Uint8Array | undefined
  let sourceDone = false
  let start = 0
  let length = 0
  let prefetched: Promise<number> | undefined

  const next = async (): Promise<Uint8Array | undefined> => {
    if (carry !== undefined) {
      const piece = carry
      carry = undefined
      return piece
    }
    if (sourceDone) return undefined
    const result = await source.next()
    if (result.done === true) {
      sourceDone = true
      return undefined
    }
    return result.value
  }

  const fill = async (buffer: Uint8Array): Promise<number> => {
    let filled = 0
    while (filled < bytes) {
      const piece = await next()
      if (piece === undefined) break
      const take = Math.min(piece.byteLength, bytes - filled)
      buffer.set(piece.subarray(0, take), filled)
      filled += take
      if (take < piece.byteLength) carry = piece.subarray(take)
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
    }
  }
}
