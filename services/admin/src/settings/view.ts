// The settings page's rows: every setting of the table with its help, default, the value in
// effect, which layer set it, and whether a change waits for a restart.

import { formatSettingValue, settingNames, settingSection, settingsTable } from '@pc2/core'
import type { LoadedSettings, Setting } from '@pc2/core'

export function settingViews ({ settings, sources }: LoadedSettings): Setting[] {
  return settingNames().map((name) => {
    const definition = settingsTable[name]
    return {
      name,
      section: settingSection(name),
      help: definition.help,
      default: formatSettingValue(definition.default),
      value: formatSettingValue(settings[name]),
      source: sources[name],
      restartRequired: definition.restartRequired
    }
  })
}
