// Writes settings into one drop-in file (the admin UI's `50-admin-ui.conf`), merged with
// what that file already holds. The file is machine-written: it is rewritten whole, in table
// order, and atomically, because a torn settings file would stop services from starting.

import { chmod, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { writeFileAtomic } from './atomic-write.ts'
import { ConfigError } from './errors.ts'
import { applySettingsText, defaultSettings, readOptional } from './settings.ts'
import type { SettingSources } from './settings.ts'
import { formatSettingValue, settingNames, settingSection } from './settings-table.ts'
import type { SettingName, Settings } from './settings-table.ts'

export async function updateSettingsFile (path: string, changes: Partial<Settings>, options: { signal?: AbortSignal } = {}): Promise<void> {
  const merged = await readSettingsFile(path, options.signal)
  for (const name of settingNames()) {
    const value = changes[name]
    if (value !== undefined) merged.set(name, formatSettingValue(value))
  }
  const directory = dirname(path)
  // Other services read the settings under their own users: the directory must stay 0755
  // whatever the writer's umask (pc2-admin runs with 0077).
  if (await mkdir(directory, { recursive: true }) !== undefined) await chmod(directory, 0o755)
  await writeFileAtomic(path, formatSettingsFile(merged), { mode: 0o644, signal: options.signal })
}

async function readSettingsFile (path: string, signal: AbortSignal | undefined): Promise<Map<SettingName, string>> {
  const merged = new Map<SettingName, string>()
  const text = await readOptional(path, signal)
  if (text === undefined) return merged
  const scratch = defaultSettings()
  const sources = {} as SettingSources
  const problems = applySettingsText(scratch, text, path, sources)
  // Rewriting would silently drop the bad lines; the owner must see them instead.
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), { details: { file: path, problems } })
  for (const name of settingNames()) {
    if (sources[name] === path) merged.set(name, formatSettingValue(scratch[name]))
  }
  return merged
}

export function formatSettingsFile (values: ReadonlyMap<SettingName, string>): string {
  const lines = ['# Written by pc2-admin (the admin UI settings page). Files sorting after this one override it.']
  let section: string | undefined
  for (const name of settingNames()) {
    const value = values.get(name)
    if (value === undefined) continue
    if (settingSection(name) !== section) {
      section = settingSection(name)
      lines.push('', `[${section}]`)
    }
    lines.push(`${name.slice(section.length + 1)} = ${value}`)
  }
  return `${lines.join('\n')}\n`
}
