// GET /* outside /api/ (public): the web UI bundle. A path naming a file serves it; any
// other path gets index.html, so the UI's own router can handle deep links. Without a UI
// bundle (a developer build), `/` still answers with a small placeholder page.

import { readFile } from 'node:fs/promises'
import { NotFoundError } from '@pc2/core'
import type { Reply } from '@pc2/core'
import { homePage } from '../pages/home.ts'
import type { AdminRouteContext } from '../context.ts'
import { cacheControlOf, contentTypeOf } from '../static/content-type.ts'
import { resolveUiFile } from '../static/resolve.ts'

export async function serveUi ({ url, admin }: AdminRouteContext): Promise<Reply> {
  const found = await resolveUiFile(admin.webUiDir, url.pathname)
  if (found.kind === 'refused') throw new NotFoundError(`no such file: ${url.pathname}`)
  let file = found.kind === 'file' ? found.path : undefined
  if (file === undefined) {
    const index = await resolveUiFile(admin.webUiDir, '/index.html')
    if (index.kind === 'file') file = index.path
  }
  if (file === undefined) {
    if (url.pathname === '/') return homePage(admin.imageConfig)
    throw new NotFoundError(`no such file: ${url.pathname}`)
  }
  return {
    status: 200,
    body: await readFile(file),
    headers: { 'Content-Type': contentTypeOf(file), 'Cache-Control': cacheControlOf(file) }
  }
}
