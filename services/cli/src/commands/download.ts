// pc2 download LINK: fetch and decrypt a shared file.

import type { AbortOptions } from '@pc2/core'
import { parseShareLink } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { parseCommandArgs } from '../args.ts'
import { downloadFile } from '../download/download-file.ts'
import type { CliIo } from '../io.ts'
import { createProgress } from '../progress.ts'
import type { Command } from './command.ts'

export const download: Command = {
  name: 'download',
  usage: 'pc2 download LINK [--output PATH|DIR] [--force]',
  summary: 'fetch the file a share link names, decrypt it here, save it',
  help: [
    '  -o, --output PATH|DIR  where to save it (default: the current directory, under the',
    '                         file\'s own name; a DIR gets that name too)',
    '  -f, --force            replace an existing file',
    '',
    'LINK is a share link, http://<node>/f/<cid>#k=<key> (quote it: # starts a comment in',
    'most shells). The file appears only when all of it has been checked; a wrong key, a',
    'damaged or cut-off download leaves nothing behind. Prints the saved path on stdout.'
  ].join('\n'),
  async run (args: string[], io: CliIo, options: AbortOptions) {
    const { values, positionals } = parseCommandArgs('download', args, {
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean', short: 'f' }
    }, { min: 1, max: 1 })
    const result = await downloadFile({
      source: parseShareLink(positionals[0] ?? ''),
      ...(values.output === undefined ? {} : { output: values.output }),
      overwrite: values.force === true,
      cwd: io.cwd
    }, {
      backend: await loadFastestBackend(),
      progress: (total) => createProgress({ label: 'download', ...(total === undefined ? {} : { total }), output: io.stderr })
    }, options)
    io.stdout.write(`${result.path}\n`)
  }
}
