// The wire between pc2-apps and pc2-apps-launcher (root): frames of one type byte, a u32 BE
// length and the payload, over the launcher's Unix socket, one run (or one folder request)
// per connection.
//
// pc2-apps → launcher: R {LaunchRequest} once, then I (stdin bytes)… and E (stdin ends);
//                      or P / D {app} to make or delete an app's folder, U {app} to count
//                      the space it takes.
// launcher → pc2-apps: O (stdout bytes), X (stderr bytes), then C {code, signal} at the end
//                      (C {code: 0, signal: null, usedBytes} answers U);
//                      or F {name, message} when the request is refused or cannot be served.

export type FrameType = 'R' | 'I' | 'E' | 'P' | 'D' | 'U' | 'O' | 'X' | 'C' | 'F'

export interface LaunchRequest {
  /** The app's name: the unit is named after it, and its folder is the one bound. */
  app: string
  /** The app's memory grant; the unit's MemoryMax adds the runtime's own share. */
  memoryMiB: number
  /** The run's time limit; the unit's RuntimeMaxSec is a little longer, as a backstop. */
  timeoutMs: number
  /** Whether the app's folder is bound into the sandbox (a grant of storage). */
  storage: boolean
  /**
   * The destinations (`host:port`) the app was granted. With any, the unit has the network,
   * but only through the app's own pc2-egress chain, which lets out these alone.
   */
  network?: string[]
}

export interface RunEnd {
  code: number | null
  signal: NodeJS.Signals | null
  /** Only in the answer to U: the space the app's folder takes, as du counts it. */
  usedBytes?: number
}
export interface Refusal { name: string, message: string }

/** A frame's payload is at most this long; stdin goes in as many frames as it needs. */
export const maxFrameBytes = 1 << 20

export function frame (type: FrameType, payload: Uint8Array | string | object = new Uint8Array(0)): Buffer {
  const body = payload instanceof Uint8Array ? Buffer.from(payload) : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload))
  const header = Buffer.alloc(5)
  header.write(type, 0, 'latin1')
  header.writeUInt32BE(body.length, 1)
  return Buffer.concat([header, body])
}

/** Cuts a byte stream into frames; throws on a frame longer than maxFrameBytes. */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0)

  push (chunk: Buffer): Array<{ type: FrameType, payload: Buffer }> {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const frames: Array<{ type: FrameType, payload: Buffer }> = []
    while (this.buffer.length >= 5) {
      const length = this.buffer.readUInt32BE(1)
      if (length > maxFrameBytes) throw new Error(`a frame of ${length} bytes is longer than the ${maxFrameBytes} allowed`)
      if (this.buffer.length < 5 + length) break
      frames.push({ type: this.buffer.toString('latin1', 0, 1) as FrameType, payload: this.buffer.subarray(5, 5 + length) })
      this.buffer = this.buffer.subarray(5 + length)
    }
    return frames
  }
}

/** Writes `bytes` as frames of `type`, each within maxFrameBytes. */
export function frames (type: FrameType, bytes: Uint8Array): Buffer[] {
  const out: Buffer[] = []
  for (let offset = 0; offset < bytes.length; offset += maxFrameBytes) out.push(frame(type, bytes.subarray(offset, offset + maxFrameBytes)))
  return out
}
