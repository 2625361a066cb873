// The journal routes' query parameters, checked before anything runs, and the journalctl
// arguments they become. Values go to journalctl as separate argv items after their
// option, never through a shell, and are checked against tight patterns besides.

import { InvalidInputError } from '@pc2/core'

export interface JournalQuery {
  unit?: string
  /** Show this syslog priority and the more urgent ones (0 emerg … 7 debug). */
  priority?: number
  lines: number
}

export const defaultJournalLines = 200
export const maxJournalLines = 1000

const rules = {
  unit: { pattern: /^[A-Za-z0-9@._:-]{1,256}$/, expected: 'a unit name: letters, digits and @._:- (at most 256)' },
  priority: { pattern: /^[0-7]$/, expected: 'a syslog priority from 0 (emerg) to 7 (debug)' },
  lines: { pattern: /^[1-9][0-9]{0,3}$/, expected: `an integer from 1 to ${maxJournalLines}` }
} as const

type Parameter = keyof typeof rules

export function parseJournalQuery (params: URLSearchParams, options: { follow: boolean }): JournalQuery {
  const query: JournalQuery = { lines: defaultJournalLines }
  const unit = single(params, 'unit')
  if (unit !== undefined) query.unit = unit
  const priority = single(params, 'priority')
  if (priority !== undefined) query.priority = Number(priority)
  // A stream starts at "now"; how far back to look is GET /api/journal's business.
  const lines = options.follow ? undefined : single(params, 'lines')
  if (lines !== undefined) {
    query.lines = Number(lines)
    if (query.lines > maxJournalLines) throw invalid('lines', lines)
  }
  return query
}

function single (params: URLSearchParams, name: Parameter): string | undefined {
  const values = params.getAll(name)
  if (values.length > 1) throw new InvalidInputError(`${name}: give it at most once`, { details: { parameter: name, expected: rules[name].expected } })
  const value = values[0]
  if (value !== undefined && !rules[name].pattern.test(value)) throw invalid(name, value)
  return value
}

function invalid (name: Parameter, value: string): InvalidInputError {
  const { expected } = rules[name]
  return new InvalidInputError(`${name}: ${JSON.stringify(value)} is not valid; expected ${expected}`, { details: { parameter: name, expected } })
}

// Only the fields a JournalEntry needs: a tenth of the bytes of full `-o json` lines.
const outputFields = '--output-fields=__REALTIME_TIMESTAMP,_SYSTEMD_UNIT,PRIORITY,_PID,MESSAGE'

export function journalctlArgs (query: JournalQuery, options: { follow: boolean }): string[] {
  return [
    '-o', 'json', '--no-pager', outputFields,
    ...(query.unit === undefined ? [] : ['-u', query.unit]),
    ...(query.priority === undefined ? [] : ['-p', String(query.priority)]),
    ...(options.follow ? ['--follow', '-n', '0'] : ['-n', String(query.lines)])
  ]
}
