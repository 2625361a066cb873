// GET /apps: every installed app, by name.

import { jsonReply } from '@pc2/core'
import { appView } from '../app-view.ts'
import type { AppsHandler } from '../context.ts'

export const listAppsRoute: AppsHandler<'GET /apps'> = async ({ apps }) => jsonReply({ apps: apps.store.list().map((app) => appView(app, apps.schedules)) })
