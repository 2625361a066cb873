// Content types and caching of the web UI's files. esbuild names its chunks and assets
// `<name>-<HASH>.<ext>` (8 characters of base32): such a file never changes under its
// name, so browsers may keep it for a year; everything else is revalidated every time.

import { basename, extname } from 'node:path'

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8'
}

export function contentTypeOf (file: string): string {
  return types[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export function cacheControlOf (file: string): string {
  return /-[A-Z0-9]{8}\./.test(basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache'
}
