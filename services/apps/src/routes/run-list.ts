// GET /apps/<name>/runs: the app's last runs, from the history kept in memory.

import { jsonReply } from '@pc2/core'
import type { AppsHandler } from '../context.ts'

export const listRunsRoute: AppsHandler<'GET /apps/:name/runs'> = async ({ apps, params }) => {
  apps.store.get(params.name)
  return jsonReply({ runs: apps.runs.history(params.name) })
}
