// The page `/` shows when the image carries no web UI bundle (a developer build): it says
// what is there instead of failing.

import type { BytesReply, ImageConfig } from '@pc2/core'
import { escapeHtml, htmlReply } from './html.ts'

export function homePage (imageConfig: ImageConfig): BytesReply {
  const title = escapeHtml(`${imageConfig.name} ${imageConfig.version}`)
  return htmlReply(`<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<h1>${title}</h1>
<p>This build has no admin UI. The admin API answers under <a href="/api/health">/api/</a>.</p>
</html>
`)
}
