// The one way to write a file that must survive a power cut (/data has no journaling
// guarantees for file contents): readers see the old file or the new one, never a torn
// mix. Temp file in the same directory (rename is atomic only within a filesystem) →
// fsync the data → rename over the target → fsync the directory so the rename itself is
// on disk.

import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface WriteFileAtomicOptions {
  signal?: AbortSignal
  /** Permission bits of the new file, whatever the process umask; 0o644 by default. */
  mode?: number
}

export async function writeFileAtomic (path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  options.signal?.throwIfAborted()
  const directory = dirname(path)
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const file = await open(temporary, 'wx', options.mode ?? 0o644)
    try {
      // open() applies the umask (0077 in the pc2 units), which would hide files that other
      // users must read, such as settings and the claim code.
      await file.chmod(options.mode ?? 0o644)
      await file.writeFile(data)
      await file.sync()
    } finally {
      await file.close()
    }
    options.signal?.throwIfAborted()
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  await syncDirectory(directory)
}

/** Makes a rename or unlink inside `directory` itself survive a power cut. */
export async function syncDirectory (directory: string): Promise<void> {
  const handle = await open(directory, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
