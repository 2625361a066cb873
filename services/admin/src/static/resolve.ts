// Maps a URL path to a file inside the web UI directory. The path is decoded once, resolved
// against the directory, and refused if it (or a symlink on its way) leads anywhere outside
// it: `/..%2f..%2fetc/passwd` ends here, not in /etc. A path that stays inside but names no
// file is "missing", which the UI route answers with index.html (client-side routing).

import { realpath, stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'

export type UiFile =
  | { kind: 'file', path: string }
  | { kind: 'missing' }
  | { kind: 'refused' }

export async function resolveUiFile (root: string, pathname: string): Promise<UiFile> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return { kind: 'refused' }
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' }
  const base = await realpathOrUndefined(root)
  if (base === undefined) return { kind: 'missing' }
  const candidate = resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`)
  if (!inside(base, candidate)) return { kind: 'refused' }
  const real = await realpathOrUndefined(candidate)
  if (real === undefined) return { kind: 'missing' }
  if (!inside(base, real)) return { kind: 'refused' }
  const info = await stat(real).catch(() => undefined)
  return info?.isFile() === true ? { kind: 'file', path: real } : { kind: 'missing' }
}

function inside (base: string, path: string): boolean {
  return path === base || path.startsWith(base.endsWith(sep) ? base : `${base}${sep}`)
}

async function realpathOrUndefined (path: string): Promise<string | undefined> {
  try {
    return await realpath(path)
  } catch {
    return undefined
  }
}
