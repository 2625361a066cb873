// Run-time settings of a node, layered so later sources win:
//   table defaults ← image.config ← <configDir>/pc2.conf ← <configDir>/pc2.conf.d/*.conf
// The files live on /data, so the owner can change them although the image is read-only.
// A missing file or directory is normal (a fresh node has none); a bad line is an error that
// names the file, line, setting, value and what was expected.

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError } from './errors.ts'
import type { ImageConfig } from './image-config-schema.ts'
import { parseIni } from './ini.ts'
import { settingNames, settingsTable } from './settings-table.ts'
import type { SettingName, Settings } from './settings-table.ts'
import { describeInvalid } from './value-parsers.ts'

export const defaultConfigDir = '/data/config'

export interface LoadSettingsOptions {
  configDir?: string
  imageConfig?: ImageConfig
  signal?: AbortSignal
}

/** Which layer set each setting: `default`, `image`, or the path of the file that set it last. */
export type SettingSources = Record<SettingName, string>

export interface LoadedSettings {
  settings: Settings
  sources: SettingSources
}

export async function loadSettings (options: LoadSettingsOptions = {}): Promise<Settings> {
  return (await loadSettingsWithSources(options)).settings
}

export async function loadSettingsWithSources (options: LoadSettingsOptions = {}): Promise<LoadedSettings> {
  const configDir = options.configDir ?? defaultConfigDir
  const settings = defaultSettings(options.imageConfig)
  const sources = defaultSources(options.imageConfig)
  const files = [join(configDir, 'pc2.conf'), ...await dropInFiles(join(configDir, 'pc2.conf.d'), options.signal)]
  const problems: string[] = []
  for (const file of files) {
    const text = await readOptional(file, options.signal)
    if (text !== undefined) problems.push(...applySettingsText(settings, text, file, sources))
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), { details: { configDir, problems } })
  return { settings, sources }
}

export function defaultSettings (imageConfig?: ImageConfig): Settings {
  const settings: Record<string, unknown> = {}
  for (const name of settingNames()) {
    const definition = settingsTable[name]
    settings[name] = imageConfig !== undefined && definition.fromImage !== undefined
      ? definition.fromImage(imageConfig)
      : definition.default
  }
  return settings as unknown as Settings
}

function defaultSources (imageConfig: ImageConfig | undefined): SettingSources {
  const sources: Record<string, string> = {}
  for (const name of settingNames()) {
    sources[name] = imageConfig !== undefined && settingsTable[name].fromImage !== undefined ? 'image' : 'default'
  }
  return sources as SettingSources
}

/**
 * Applies one file's text over `settings` in place, recording `fileName` in `sources` for each
 * setting it sets; returns its problems (empty if none).
 */
export function applySettingsText (settings: Settings, text: string, fileName: string, sources?: SettingSources): string[] {
  const { entries, problems } = parseIni(text, fileName)
  const known = new Set<string>(settingNames())
  const target = settings as unknown as Record<string, unknown>
  for (const { section, key, value, line } of entries) {
    if (section === undefined) {
      problems.push(`${fileName}:${line}: ${key}: outside any [section]; settings are written under [section] as key = value`)
      continue
    }
    const name = `${section}.${key}`
    if (!known.has(name)) {
      problems.push(`${fileName}:${line}: ${name}: unknown setting (known settings: ${[...known].join(', ')})`)
      continue
    }
    const { parser } = settingsTable[name as SettingName]
    const parsed: unknown = parser.parse(value)
    if (parsed === undefined) {
      problems.push(`${fileName}:${line}: ${name}: ${describeInvalid(value, parser.expected)}`)
      continue
    }
    target[name] = parsed
    if (sources !== undefined) sources[name as SettingName] = fileName
  }
  return problems
}

async function dropInFiles (dir: string, signal: AbortSignal | undefined): Promise<string[]> {
  signal?.throwIfAborted()
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if (isNotFound(error)) return []
    throw new ConfigError(`${dir}: cannot list drop-in directory: ${(error as Error).message}`, { cause: error })
  }
  // Byte order, not locale order: the result must not depend on the machine's locale.
  return names.filter((name) => name.endsWith('.conf')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((name) => join(dir, name))
}

export async function readOptional (file: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    return await readFile(file, { encoding: 'utf8', signal })
  } catch (error) {
    if (signal?.aborted === true) throw error
    if (isNotFound(error)) return undefined
    throw new ConfigError(`${file}: cannot read settings: ${(error as Error).message}`, { cause: error })
  }
}

function isNotFound (error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}
