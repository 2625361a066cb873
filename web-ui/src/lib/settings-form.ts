// Settings page bookkeeping: sections in table order, which drafts differ from the saved
// values, and how to say where a value came from.

import type { Setting } from './api-types.ts'

export interface SettingsSection {
  section: string
  settings: Setting[]
}

/** Sections in the order they first appear (the server sends table order). */
export function groupBySection (settings: readonly Setting[]): SettingsSection[] {
  const sections = new Map<string, Setting[]>()
  for (const setting of settings) {
    const list = sections.get(setting.section)
    if (list === undefined) sections.set(setting.section, [setting])
    else list.push(setting)
  }
  return [...sections].map(([section, list]) => ({ section, settings: list }))
}

/** Only the settings whose draft differs from the saved value, ready for `PUT {values}`. */
export function changedValues (settings: readonly Setting[], drafts: Readonly<Record<string, string>>): Record<string, string> {
  const changed: Record<string, string> = {}
  for (const setting of settings) {
    const draft = drafts[setting.name]
    if (draft !== undefined && draft !== setting.value) changed[setting.name] = draft
  }
  return changed
}

/** Where a value came from, as a phrase: "the built-in default", "set in /data/…". */
export function describeSource (source: string): string {
  if (source === 'default') return 'the built-in default'
  if (source === 'image') return 'set by the image'
  return `set in ${source}`
}
