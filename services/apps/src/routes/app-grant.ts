// PUT /apps/<name>/grant: replaces what the owner grants the app, whole.

import { jsonReply } from '@pc2/core'
import { appView } from '../app-view.ts'
import type { AppsHandler } from '../context.ts'
import { grantRequest } from '../inputs.ts'

export const grantAppRoute: AppsHandler<'PUT /apps/:name/grant'> = async ({ apps, params, readJson }) => {
  const updated = await apps.store.regrant(params.name, grantRequest(await readJson()))
  return jsonReply(appView(updated, apps.schedules))
}
