// Where a download goes. --output names a directory (existing, or written with a trailing
// slash) or a file; without it, the current directory. In a directory the file gets the
// name from its encrypted metadata, cleaned by the file format's safeFileName, so a
// hostile name such as "../../.bashrc" can only ever land inside that directory.

import { stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { safeFileName } from '@pc2/core/file-format'
import type { FileMetadata } from '@pc2/core/file-format'
import { OutputError } from '../errors.ts'

export type Destination =
  | { kind: 'directory', directory: string }
  | { kind: 'file', path: string }

export async function planDestination (output: string | undefined, cwd: string): Promise<Destination> {
  if (output === undefined) return { kind: 'directory', directory: cwd }
  const path = resolve(cwd, output)
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new OutputError(`cannot use ${output}: ${error.code ?? error.message}`)
  })
  if (info?.isDirectory() === true) return { kind: 'directory', directory: path }
  if (info === undefined && /[/\\]$/.test(output)) throw new OutputError(`the directory ${output} does not exist`)
  const parent = await stat(dirname(path)).catch(() => undefined)
  if (parent?.isDirectory() !== true) throw new OutputError(`the directory ${dirname(path)} does not exist`)
  return { kind: 'file', path }
}

export function destinationPath (destination: Destination, metadata: FileMetadata): string {
  return destination.kind === 'file' ? destination.path : join(destination.directory, safeFileName(metadata.name))
}
