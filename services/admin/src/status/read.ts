// Small readers for kernel interface files, where "the file is not there" is an answer
// (no dm device, no IPv6, no machine-id yet) rather than a failure.

import { readFile } from 'node:fs/promises'

export async function readText (path: string, signal?: AbortSignal): Promise<string> {
  return await readFile(path, { encoding: 'utf8', signal })
}

/** The file's text, or undefined when it (or a directory on its path) does not exist. */
export async function readOptionalText (path: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    return await readFile(path, { encoding: 'utf8', signal })
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }
}

export function isMissing (error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
