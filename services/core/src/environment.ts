// Reading a service's environment: where things are on this machine (the unit file sets it;
// a variable that is unset or blank means the appliance's default). A value that is set but
// wrong is a ConfigError naming the variable and what it takes.

import { ConfigError } from './errors.ts'

export interface EnvironmentReader {
  /** The variable's value, or `fallback` when unset or blank. */
  text (name: string, fallback: string): string
  /** The variable's value, or undefined when unset or blank. */
  optional (name: string): string | undefined
  /** A comma-separated list, blanks dropped; undefined when unset or blank. */
  list (name: string): string[] | undefined
  /** One of `choices`, or `fallback` when unset or blank. */
  choice<Choice extends string> (name: string, choices: readonly Choice[], fallback: Choice): Choice
}

export function readEnvironment (environment: NodeJS.ProcessEnv = process.env): EnvironmentReader {
  const optional = (name: string): string | undefined => {
    const value = environment[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  return {
    text: (name, fallback) => optional(name) ?? fallback,
    optional,
    list: (name) => optional(name)?.split(',').map((item) => item.trim()).filter((item) => item !== ''),
    choice: (name, choices, fallback) => {
      const value = optional(name)
      if (value === undefined) return fallback
      if (!(choices as readonly string[]).includes(value)) throw new ConfigError(`${name}=${JSON.stringify(value)} is not valid; expected ${choices.join(' or ')}`, { details: { variable: name } })
      return value as typeof fallback
    }
  }
}
