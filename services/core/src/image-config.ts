// Reads image.config into a typed ImageConfig, checking every key against the schema and
// reporting all problems at once, each as `file:line: KEY: what is wrong`.

import { readFile } from 'node:fs/promises'
import { ConfigError } from './errors.ts'
import { imageConfigFields, imageConfigSchema } from './image-config-schema.ts'
import type { ImageConfig } from './image-config-schema.ts'
import { readAssignments } from './shell-assignments.ts'
import { describeInvalid } from './value-parsers.ts'

export function parseImageConfig (text: string, fileName: string): ImageConfig {
  const { assignments, problems, unreadableKeys } = readAssignments(text, fileName)
  const fields = imageConfigFields()
  const fieldByKey = new Map(fields.map((field) => [imageConfigSchema[field].key, field]))
  const firstLine = new Map<string, number>()
  const config: Record<string, unknown> = {}

  for (const { key, value, line } of assignments) {
    const field = fieldByKey.get(key)
    if (field === undefined) {
      problems.push(`${fileName}:${line}: ${key}: unknown key (known keys: ${[...fieldByKey.keys()].join(', ')})`)
      continue
    }
    const earlier = firstLine.get(key)
    if (earlier !== undefined) {
      problems.push(`${fileName}:${line}: ${key}: duplicate key (first set on line ${earlier})`)
      continue
    }
    firstLine.set(key, line)
    const { parser } = imageConfigSchema[field]
    const parsed: unknown = parser.parse(value)
    if (parsed === undefined) {
      problems.push(`${fileName}:${line}: ${key}: ${describeInvalid(value, parser.expected)}`)
      continue
    }
    config[field] = parsed
  }

  for (const field of fields) {
    const { key, parser } = imageConfigSchema[field]
    if (!firstLine.has(key) && !unreadableKeys.has(key)) problems.push(`${fileName}: ${key}: missing; expected ${parser.expected}`)
  }

  if (problems.length > 0) {
    throw new ConfigError(problems.join('\n'), { details: { file: fileName, problems } })
  }
  return config as unknown as ImageConfig
}

export async function loadImageConfig (path: string, options: { signal?: AbortSignal } = {}): Promise<ImageConfig> {
  let text: string
  try {
    text = await readFile(path, { encoding: 'utf8', signal: options.signal })
  } catch (error) {
    if (options.signal?.aborted === true) throw error
    throw new ConfigError(`${path}: cannot read image config: ${(error as Error).message}`, { details: { file: path }, cause: error })
  }
  return parseImageConfig(text, path)
}

/** The text form of a parsed value, as the shell and os-release see it. */
export function formatImageConfigValue (value: ImageConfig[keyof ImageConfig]): string {
  return Array.isArray(value) ? value.join(' ') : String(value)
}
