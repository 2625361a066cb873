// POST /apps: installs the package a CID names (fetched through pc2-ipfs, decrypted with its
// file key when it is stored encrypted), or upgrades the app of the same name; 201.

import { jsonReply } from '@pc2/core'
import { appView } from '../app-view.ts'
import type { AppsHandler } from '../context.ts'
import { installRequest } from '../inputs.ts'
import { openPackage } from '../package/encrypted.ts'

export const installAppRoute: AppsHandler<'POST /apps'> = async ({ apps, readJson, signal }) => {
  const request = installRequest(await readJson())
  const bytes = await openPackage(await apps.source.fetch(request.cid, { signal }), request.key)
  const installed = await apps.store.install(bytes, { cid: request.cid, grant: request.grant, signal, ...(request.name === undefined ? {} : { expectName: request.name }) })
  apps.logger.notice('app installed', { app: installed.name, version: installed.manifest.version, cid: installed.cid })
  return jsonReply(appView(installed, apps.schedules), 201)
}
