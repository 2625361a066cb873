// Checks a batch of settings given as text (the admin UI's form) against the table before
// anything is written: one bad value refuses the whole batch, naming the setting and what
// it expects, so a half-applied change never happens.

import { InvalidInputError } from './errors.ts'
import { settingNames, settingsTable } from './settings-table.ts'
import type { SettingName, Settings } from './settings-table.ts'
import { describeInvalid } from './value-parsers.ts'

export function parseSettingValues (values: unknown): Partial<Settings> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new InvalidInputError('values must be an object of setting names to text', { details: { setting: null, expected: 'an object' } })
  }
  const known: readonly string[] = settingNames()
  const parsed: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(values)) {
    if (!known.includes(name)) {
      const expected = `one of: ${known.join(', ')}`
      throw new InvalidInputError(`${name}: unknown setting; expected ${expected}`, { details: { setting: name, expected } })
    }
    const { parser } = settingsTable[name as SettingName]
    const value: unknown = typeof raw === 'string' ? parser.parse(raw) : undefined
    if (value === undefined) {
      const shown = typeof raw === 'string' ? describeInvalid(raw, parser.expected) : `${typeof raw} is not valid; expected text: ${parser.expected}`
      throw new InvalidInputError(`${name}: ${shown}`, { details: { setting: name, expected: parser.expected } })
    }
    parsed[name] = value
  }
  return parsed as Partial<Settings>
}
