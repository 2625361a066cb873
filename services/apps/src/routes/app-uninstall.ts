// DELETE /apps/<name>?confirm=<name>: the app, its package and its folder; the name must be
// repeated (ConfirmationRequiredError otherwise, nothing deleted).

import { jsonReply } from '@pc2/core'
import type { AppsHandler } from '../context.ts'

export const uninstallAppRoute: AppsHandler<'DELETE /apps/:name'> = async ({ apps, params, query, signal }) => {
  await apps.store.uninstall(params.name, { confirm: query.get('confirm') ?? '', signal })
  apps.logger.notice('app uninstalled', { app: params.name })
  return jsonReply({ removed: params.name })
}
