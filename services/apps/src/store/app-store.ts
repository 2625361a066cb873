// The installed apps on /data/apps: `<name>/` is each app's own folder (the only one it
// sees, as /data), `.packages/<name>.wasm` its package and `.packages/<name>.json` the
// record of what was installed (CID, manifest, the owner's grant). App names start with a
// letter, so `.packages` can never be an app's folder. Every write is temp → fsync → rename:
// a power cut during an install leaves the old app or the new one, never half of one.

import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { AppNameMismatchError, AppNotFoundError, ConfirmationRequiredError, InvalidPackageError, syncDirectory, writeFileAtomic } from '@pc2/core'
import type { AbortOptions, AppGrant } from '@pc2/core'
import { makeGrant } from '../capabilities.ts'
import type { GrantRequest } from '../capabilities.ts'
import type { AppManifest } from '../manifest.ts'
import { readManifest } from '../package/section.ts'
import { removeThroughTrash } from './remove-folder.ts'
import { directoryUsageBytes } from './usage.ts'

export interface InstalledApp {
  name: string
  /** The CID the package was installed from. */
  cid: string
  packageSha256: string
  manifest: AppManifest
  grant: AppGrant
  installedAt: string
  updatedAt: string
}

/**
 * Who makes and deletes the apps' folders: this process (localFolders), or, in the
 * appliance, pc2-apps-launcher, since the folders' parent is root's there (launcher/).
 */
export interface AppFolders {
  create (name: string): Promise<void>
  /** Deletes the folder and all in it; after a power cut it is whole or gone, never half. */
  remove (name: string): Promise<void>
  /** The space the folder takes on disk, as du counts it (0 if it is not there). */
  usageBytes (name: string): Promise<number>
}

export function localFolders (root: string): AppFolders {
  const packages = join(root, '.packages')
  return {
    async create (name) {
      await mkdir(join(root, name), { recursive: true, mode: 0o700 })
    },
    async remove (name) {
      // The trash left by a power cut is emptied at the next start (openAppStore).
      await removeThroughTrash(join(root, name), join(packages, `.trash-${name}-${Date.now()}`))
    },
    async usageBytes (name) {
      return await directoryUsageBytes(join(root, name))
    }
  }
}

export interface InstallOptions extends AbortOptions {
  cid: string
  grant?: GrantRequest
  /** When set, the package must be this app (an upgrade from the app's page). */
  expectName?: string
}

export interface AppStore {
  list (): InstalledApp[]
  get (name: string): InstalledApp
  /** Installs the package, or upgrades the app of the same name: its folder is kept. */
  install (bytes: Uint8Array, options: InstallOptions): Promise<InstalledApp>
  /** Changes what the owner grants an installed app. */
  regrant (name: string, grant: GrantRequest): Promise<InstalledApp>
  /** Removes the app, its package and its folder; `confirm` must repeat the name. */
  uninstall (name: string, options: { confirm: string } & AbortOptions): Promise<void>
  modulePath (name: string): string
  dataDir (name: string): string
  /** The space the app's folder takes; counted by whoever owns the folders (AppFolders). */
  usageBytes (name: string): Promise<number>
}

export async function openAppStore (root: string, options: AbortOptions & { folders?: AppFolders } = {}): Promise<AppStore> {
  const folders = options.folders ?? localFolders(root)
  const packages = join(root, '.packages')
  await mkdir(packages, { recursive: true, mode: 0o755 })
  const apps = new Map<string, InstalledApp>()
  for (const file of await readdir(packages)) {
    options.signal?.throwIfAborted()
    if (file.startsWith('.') && file.endsWith('.tmp')) { await unlink(join(packages, file)).catch(() => {}); continue }
    if (file.startsWith('.trash-')) { await rm(join(packages, file), { recursive: true, force: true }); continue }
    if (!file.endsWith('.json')) continue
    const app = JSON.parse(await readFile(join(packages, file), 'utf8')) as InstalledApp
    apps.set(app.name, app)
  }

  const get = (name: string): InstalledApp => {
    const app = apps.get(name)
    if (app === undefined) throw new AppNotFoundError(`no app named ${JSON.stringify(name)} is installed`, { details: { name } })
    return app
  }
  const saveRecord = async (app: InstalledApp): Promise<void> => {
    await writeFileAtomic(join(packages, `${app.name}.json`), `${JSON.stringify(app, null, 2)}\n`, { mode: 0o644 })
    apps.set(app.name, app)
  }

  return {
    list: () => [...apps.values()].sort((a, b) => a.name.localeCompare(b.name)),
    get,
    async install (bytes, installOptions) {
      const manifest = readManifest(bytes)
      if (installOptions.expectName !== undefined && manifest.name !== installOptions.expectName) {
        throw new AppNameMismatchError(`the package is the app ${JSON.stringify(manifest.name)}, not ${JSON.stringify(installOptions.expectName)}`, { details: { expected: installOptions.expectName, found: manifest.name } })
      }
      const grant = makeGrant(manifest.capabilities, installOptions.grant)
      // The compile check happens before anything is written: a package that cannot run is refused whole.
      await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>).catch((error: unknown) => {
        throw new InvalidPackageError(`the package is not a module that can run: ${error instanceof Error ? error.message : String(error)}`)
      })
      const now = new Date().toISOString()
      const previous = apps.get(manifest.name)
      await writeFileAtomic(join(packages, `${manifest.name}.wasm`), bytes, { mode: 0o644, ...installOptions })
      if (manifest.capabilities.storageMiB > 0) await folders.create(manifest.name)
      const app: InstalledApp = {
        name: manifest.name,
        cid: installOptions.cid,
        packageSha256: createHash('sha256').update(bytes).digest('hex'),
        manifest,
        grant,
        installedAt: previous?.installedAt ?? now,
        updatedAt: now
      }
      await saveRecord(app)
      return app
    },
    async regrant (name, grant) {
      const app = get(name)
      const updated = { ...app, grant: makeGrant(app.manifest.capabilities, grant), updatedAt: new Date().toISOString() }
      await saveRecord(updated)
      return updated
    },
    async uninstall (name, uninstallOptions) {
      get(name)
      if (uninstallOptions.confirm !== name) {
        throw new ConfirmationRequiredError(`uninstalling deletes the app's files: confirm by repeating its name, ${JSON.stringify(name)}`, { details: { name } })
      }
      // The folder goes first, then the record: after a power cut the app is gone, or still
      // installed with its files already deleted (what the owner asked for).
      await folders.remove(name)
      await unlink(join(packages, `${name}.json`))
      await syncDirectory(packages)
      apps.delete(name)
      await rm(join(packages, `${name}.wasm`), { force: true })
    },
    modulePath: (name) => join(packages, `${get(name).name}.wasm`),
    dataDir: (name) => join(root, get(name).name),
    usageBytes: async (name) => await folders.usageBytes(get(name).name)
  }
}
