// Command-line parsing with node:util's parseArgs, strict: an unknown option, a missing
// value or a stray argument is a UsageError (exit status 2) that says which. The values
// come typed from the options' own declaration (a string option is a string or absent).

import { parseArgs } from 'node:util'
import type { ParseArgsOptionsConfig } from 'node:util'
import { UsageError } from './errors.ts'

type Parsed<Options extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[], options: Options, allowPositionals: true, strict: true }>>

export interface ParsedArgs<Options extends ParseArgsOptionsConfig> {
  values: Parsed<Options>['values']
  positionals: string[]
}

export function parseCommandArgs<const Options extends ParseArgsOptionsConfig> (command: string, args: string[], options: Options, positionals: { min: number, max: number }): ParsedArgs<Options> {
  let parsed: Parsed<Options>
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`)
  }
  const count = parsed.positionals.length
  if (count < positionals.min) throw new UsageError(`${command}: missing argument`)
  if (count > positionals.max) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(parsed.positionals[positionals.max])}`)
  return { values: parsed.values, positionals: parsed.positionals }
}
