// CARv1 cut into its sections as the bytes arrive: the header (decoded by @ipld/car), then
// for each block its CID and length, announced before any of its bytes is read so that the
// caller can refuse a block that is too big, or skip it, or copy it into a buffer of its own.

import type { Readable } from 'node:stream'
import { bytesReader, readHeader } from '@ipld/car/decoder'
import { UntrustedContentError } from '@pc2/core'
import { varint } from 'multiformats'
import { CID } from 'multiformats/cid'
import { createByteQueue } from './byte-queue.ts'

const maxHeaderBytes = 64 * 1024
/** Enough for any CID with a hash this node accepts. */
const cidPrefixBytes = 128

export interface CarSections {
  roots (): Promise<CID[]>
  /** The next block's CID and length, or undefined at the end of the CAR. */
  next (): Promise<{ cid: CID, length: number } | undefined>
  /** Copies the block announced by `next` into `target`, once it has arrived. */
  copyBlock (target: Uint8Array): Promise<void>
  skipBlock (): Promise<void>
}

export function carSections (body: Readable, bufferBytes: number): CarSections {
  const queue = createByteQueue(body, bufferBytes)
  let pending = 0
  const malformed = (what: string): UntrustedContentError => new UntrustedContentError(`the CAR is malformed: ${what}`)

  /** A varint at the front of the queue, or undefined at a clean end of the stream. */
  const varintAhead = async (): Promise<{ value: number, bytes: number } | undefined> => {
    await queue.want(10)
    if (queue.ended()) return undefined
    try {
      const [value, bytes] = varint.decode(queue.peek(10))
      return { value, bytes }
    } catch {
      throw malformed('a length is cut off')
    }
  }

  const arrived = async (): Promise<void> => {
    await queue.want(pending)
    if (queue.available() < pending) throw malformed('it ends in the middle of a block')
  }

  return {
    async roots () {
      const length = await varintAhead()
      if (length === undefined || length.value > maxHeaderBytes) throw malformed('no header')
      await queue.want(length.bytes + length.value)
      const bytes = queue.peek(length.bytes + length.value)
      const header = await readHeader(bytesReader(bytes)).catch((error: unknown) => { throw malformed((error as Error).message) })
      queue.skip(bytes.byteLength)
      return 'roots' in header ? header.roots : []
    },
    async next () {
      if (pending > 0) throw new Error('the previous block was neither copied nor skipped')
      const section = await varintAhead()
      if (section === undefined) return undefined
      queue.skip(section.bytes)
      await queue.want(Math.min(section.value, cidPrefixBytes))
      let cid: CID
      try {
        cid = CID.decodeFirst(queue.peek(Math.min(section.value, cidPrefixBytes)))[0]
      } catch {
        throw malformed('a section does not start with a CID')
      }
      const length = section.value - cid.bytes.byteLength
      if (length < 0) throw malformed('a section is shorter than its CID')
      queue.skip(cid.bytes.byteLength)
      pending = length
      return { cid, length }
    },
    async copyBlock (target) {
      await arrived()
      queue.copyInto(target, pending)
      pending = 0
    },
    async skipBlock () {
      await arrived()
      queue.skip(pending)
      pending = 0
    }
  }
}
