// GET /apps/<name>: one installed app; AppNotFoundError (404) for any other name.

import { jsonReply } from '@pc2/core'
import { appView } from '../app-view.ts'
import type { AppsHandler } from '../context.ts'

export const getAppRoute: AppsHandler<'GET /apps/:name'> = async ({ apps, params }) => jsonReply(appView(apps.store.get(params.name), apps.schedules))
