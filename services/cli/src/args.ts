// Command-line parsing with node:util's parseArgs, strict: an unknown option, a missing
// value or a stray argument is a UsageError (exit status 2) that says which.

import { parseArgs } from 'node:util'
import type { ParseArgsOptionsConfig } from 'node:util'
import { UsageError } from './errors.ts'

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

export function parseCommandArgs (command: string, args: string[], options: ParseArgsOptionsConfig, positionals: { min: number, max: number }): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`)
  }
  const count = parsed.positionals.length
  if (count < positionals.min) throw new UsageError(`${command}: missing argument`)
  if (count > positionals.max) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(parsed.positionals[positionals.max])}`)
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals }
}
