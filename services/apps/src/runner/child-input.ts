// What the node-wasi child reads first on its stdin, ahead of the app's own stdin: the run's
// request and the module. Nothing of the run is on the child's command line, so a sandbox
// that starts it (a transient systemd unit) carries no app data in its ExecStart, and the
// module comes from pc2-apps's own read of the package, never from a path the sandbox opens.
//
// Layout: u32 BE length, request JSON, u32 BE length, module bytes, then the app's stdin.

import { readSync } from 'node:fs'

export interface ChildRequest {
  args: string[]
  env: Record<string, string>
  /** The directory the app sees as /data; none when it was granted no storage. */
  dataDir?: string
  memoryBytes: number
  /** The destinations (`host:port`) the app was granted; none: every request is refused. */
  network?: string[]
}

export function childInput (request: ChildRequest, module: Uint8Array, stdin: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = Buffer.from(JSON.stringify(request))
  const header = Buffer.alloc(4)
  header.writeUInt32BE(json.length)
  const moduleHeader = Buffer.alloc(4)
  moduleHeader.writeUInt32BE(module.length)
  return Buffer.concat([header, json, moduleHeader, module, stdin])
}

function readExactly (fd: number, length: number): Buffer {
  const buffer = Buffer.alloc(length)
  let offset = 0
  while (offset < length) {
    let read: number
    try {
      read = readSync(fd, buffer, offset, length - offset, null)
    } catch (error) {
      // A non-blocking stdin has nothing yet: wait for it rather than spin.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue }
      throw error
    }
    if (read === 0) throw new Error(`the run's input ended after ${offset} of ${length} bytes`)
    offset += read
  }
  return buffer
}

/** Reads the request and the module from `fd`, leaving exactly the app's stdin unread. */
export function readChildInput (fd: number): { request: ChildRequest, module: Uint8Array } {
  const request = JSON.parse(readExactly(fd, readExactly(fd, 4).readUInt32BE()).toString('utf8')) as ChildRequest
  const module = readExactly(fd, readExactly(fd, 4).readUInt32BE())
  return { request, module }
}
