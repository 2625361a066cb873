// The settings as pc2-admin lives with them: the values in effect now (read live by sign-in
// and logging), and the owner's changes, written to the admin UI's drop-in file and then
// re-read through every layer so that the answer shows what really wins.

import { join } from 'node:path'
import { loadSettingsWithSources, parseSettingValues, updateSettingsFile } from '@pc2/core'
import type { AbortOptions, ImageConfig, LoadedSettings, Setting, Settings } from '@pc2/core'
import { settingViews } from './view.ts'

export interface SettingsStore {
  current (): Settings
  list (options?: AbortOptions): Promise<Setting[]>
  /** Checks every value first (InvalidInputError, nothing written), then writes them all. */
  update (values: unknown, options?: AbortOptions): Promise<Setting[]>
}

export interface SettingsStoreInit {
  configDir: string
  imageConfig: ImageConfig
  initial: Settings
  /** Called with the settings in effect after each update, to apply what can be applied live. */
  applied?: (settings: Settings) => void
}

/** The admin UI's own drop-in; files sorting after it (60-…, 90-…) still win. */
export const adminDropIn = '50-admin-ui.conf'

export function createSettingsStore (init: SettingsStoreInit): SettingsStore {
  let current = init.initial
  // One update at a time: each merges with the file the previous one wrote.
  let queue: Promise<unknown> = Promise.resolve()
  const load = async (signal: AbortSignal | undefined): Promise<LoadedSettings> =>
    await loadSettingsWithSources({ configDir: init.configDir, imageConfig: init.imageConfig, signal })

  return {
    current: () => current,
    list: async (options = {}) => settingViews(await load(options.signal)),
    async update (values, options = {}) {
      const changes = parseSettingValues(values)
      const run = queue.then(async () => {
        if (Object.keys(changes).length > 0) {
          await updateSettingsFile(join(init.configDir, 'pc2.conf.d', adminDropIn), changes, options)
        }
        const loaded = await load(options.signal)
        current = loaded.settings
        init.applied?.(current)
        return settingViews(loaded)
      })
      queue = run.catch(() => {})
      return await run
    }
  }
}
