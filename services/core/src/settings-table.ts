// The one table of run-time settings. Parsing, validation, defaults and (later) the admin
// UI's settings page and docs all come from these rows. A setting's name is
// `<section>.<key>`, exactly as written in pc2.conf under `[section]`.

import type { ImageConfig } from './image-config-schema.ts'
import { choiceValue, integerValue, ipAddressValue } from './value-parsers.ts'
import type { ValueParser } from './value-parsers.ts'

export const logLevels = ['debug', 'info', 'notice', 'warning', 'err'] as const
export type LogLevel = typeof logLevels[number]

export interface Settings {
  'admin.port': number
  'admin.listen': string
  'log.level': LogLevel
}

export type SettingName = keyof Settings

export interface SettingDefinition<T> {
  parser: ValueParser<T>
  default: T
  /** A default the image itself states, which beats `default` but loses to any file. */
  fromImage?: (image: ImageConfig) => T
  help: string
}

export type SettingsTable = { readonly [N in SettingName]: SettingDefinition<Settings[N]> }

export const settingsTable: SettingsTable = {
  'admin.port': {
    parser: integerValue(1, 65535),
    default: 80,
    fromImage: (image) => image.adminPort,
    help: 'TCP port of the admin UI and API.'
  },
  'admin.listen': {
    parser: ipAddressValue(),
    default: '::',
    help: 'Address the admin UI and API listen on.'
  },
  'log.level': {
    parser: choiceValue(logLevels),
    default: 'info',
    help: 'Least important log priority written to the journal.'
  }
}

export function settingNames (): SettingName[] {
  return Object.keys(settingsTable) as SettingName[]
}

export function settingSection (name: SettingName): string {
  return name.slice(0, name.indexOf('.'))
}
