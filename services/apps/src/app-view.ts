// An installed app as the API answers it (core's AppView): what the owner reads of its
// manifest, what was granted, the capabilities in words, where a web app is served and when
// a job runs next. The record's own bookkeeping (the package's hash, the manifest's version
// and entry) stays inside pc2-apps.

import type { AppView } from '@pc2/core'
import { describeCapabilities } from './capabilities.ts'
import type { AppScheduler } from './schedule.ts'
import type { InstalledApp } from './store/app-store.ts'

export function appView (app: InstalledApp, schedules: Pick<AppScheduler, 'nextRunAt'>): AppView {
  const { name, version, description, kind, capabilities } = app.manifest
  const nextRunAt = schedules.nextRunAt(app.name)
  return {
    name: app.name,
    cid: app.cid,
    manifest: { name, version, description, kind, capabilities },
    grant: app.grant,
    words: describeCapabilities(app.manifest),
    ...(kind === 'web' ? { url: `/apps/${app.name}/` } : {}),
    ...(nextRunAt === undefined ? {} : { nextRunAt }),
    installedAt: app.installedAt,
    updatedAt: app.updatedAt
  }
}
