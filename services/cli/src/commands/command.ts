// The shape of a `pc2` command: its usage and summary (for `pc2 help`) and what it does.

import type { AbortOptions } from '@pc2/core'
import type { CliIo } from '../io.ts'

export interface Command {
  name: string
  usage: string
  summary: string
  /** Option lines for `pc2 help <command>`. */
  help: string
  run (args: string[], io: CliIo, options: AbortOptions): Promise<void>
}
