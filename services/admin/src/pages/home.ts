// A placeholder front page until the Preact admin UI lands; it says what is there today.

import { escapeHtml, htmlReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'

export async function homePage ({ imageConfig }: RouteContext): Promise<Reply> {
  const title = escapeHtml(`${imageConfig.name} ${imageConfig.version}`)
  return htmlReply(`<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<h1>${title}</h1>
<p>The admin UI arrives soon. Until then, this node's status is at <a href="/api/status">/api/status</a>.</p>
</html>
`)
}
