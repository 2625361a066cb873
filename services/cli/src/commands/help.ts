// pc2 help [COMMAND]: what pc2 does, each command's usage, and the exit statuses.

import type { CliIo } from '../io.ts'
import { UsageError } from '../errors.ts'
import type { Command } from './command.ts'

export function helpCommand (commands: readonly Command[]): Command {
  const help: Command = {
    name: 'help',
    usage: 'pc2 help [COMMAND]',
    summary: 'show this help, or one command\'s options',
    help: '',
    async run (args: string[], io: CliIo) {
      if (args.length > 1) throw new UsageError(`help: unexpected argument ${JSON.stringify(args[1])}`)
      const name = args[0]
      if (name === undefined) {
        io.stdout.write(overview([...commands, help]))
        return
      }
      const command = [...commands, help].find((candidate) => candidate.name === name)
      if (command === undefined) throw new UsageError(`help: unknown command ${JSON.stringify(name)}`)
      io.stdout.write(`Usage: ${command.usage}\n\n${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.\n${command.help === '' ? '' : `\n${command.help}\n`}`)
    }
  }
  return help
}

function overview (commands: readonly Command[]): string {
  return [
    'pc2 — upload files to your PC2 node, encrypted on this machine, download shared files,',
    'and buy files from PC2 storefronts.',
    '',
    'Usage:',
    ...commands.map((command) => `  ${command.usage}`),
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(9)} ${command.summary}`),
    '',
    'Run `pc2 help COMMAND` for a command\'s options.',
    '',
    'Environment:',
    '  PC2_NODE       your node\'s URL when --node is not given (default http://pc2.local)',
    '  PC2_OWNER_KEY  the node owner\'s private key for upload (0x + 64 hex digits)',
    '  PC2_BUYER_KEY  your wallet\'s private key for buy and refund (0x + 64 hex digits)',
    '',
    'Exit status: 0 done, 1 failed (the message says why), 2 wrong usage.',
    ''
  ].join('\n')
}
