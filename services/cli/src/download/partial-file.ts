// Plaintext is written to `.<name>.pc2-partial` next to its destination and becomes the
// destination only once the whole file has authenticated: a download that fails (wrong key,
// damage, a cut-off stream) leaves nothing behind that could pass for the file. The
// partial file is 0600, and so is the result, since it is a file somebody encrypted.

import { link, open, rename, stat, unlink } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { syncDirectory } from '@pc2/core'
import { OutputError, OutputExistsError } from '../errors.ts'

export interface PartialFile {
  readonly path: string
  write (bytes: Uint8Array): Promise<void>
  /** fsync, then move into place; without `overwrite`, never replaces an existing file. */
  commit (options: { overwrite: boolean }): Promise<void>
  /** Removes the partial file; never throws. */
  discard (): Promise<void>
}

export function partialPathOf (destination: string): string {
  return join(dirname(destination), `.${basename(destination)}.pc2-partial`)
}

export async function openPartialFile (destination: string): Promise<PartialFile> {
  const path = partialPathOf(destination)
  // A leftover of an earlier failed run goes first; unlinking a planted symlink removes the
  // link itself, and 'wx' then refuses to follow anything.
  await unlink(path).catch(() => {})
  let handle: FileHandle | undefined
  try {
    handle = await open(path, 'wx', 0o600)
  } catch (error) {
    throw new OutputError(`cannot write in ${dirname(destination)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const file = handle
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await file.close()
  }
  return {
    path,
    async write (bytes) {
      let written = 0
      while (written < bytes.byteLength) written += (await file.write(bytes, written)).bytesWritten
    },
    async commit ({ overwrite }) {
      await file.sync()
      await close()
      if (overwrite) {
        await rename(path, destination)
      } else {
        await linkWithoutReplacing(path, destination)
      }
      await syncDirectory(dirname(destination))
    },
    async discard () {
      await close().catch(() => {})
      await unlink(path).catch(() => {})
    }
  }
}

/** link(2) fails if the name exists, atomically; filesystems without hard links get a check then a rename. */
async function linkWithoutReplacing (from: string, to: string): Promise<void> {
  try {
    await link(from, to)
    await unlink(from)
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw existsError(to)
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error
  }
  if (await stat(to).then(() => true, () => false)) throw existsError(to)
  await rename(from, to)
}

export function existsError (path: string): OutputExistsError {
  return new OutputExistsError(`${path} already exists; use --force to replace it, or --output to choose another name`)
}
