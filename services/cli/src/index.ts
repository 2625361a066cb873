// @pc2/cli — `pc2`, the command line for a PC2 node: `pc2 upload` encrypts a file on this
// machine (the fast native libsodium when it loads) and stores only the ciphertext on the
// owner's node, resuming by itself through network failures and node restarts, then prints
// the share link; `pc2 download` fetches the ciphertext a link names and decrypts it as it
// streams, keeping the file only once all of it has authenticated. Upload signs in as the
// owner with Sign-In with Ethereum, like the web UI. `pc2 buy` pays for a storefront
// listing on chain, waits for the seller's node to deliver the file key sealed to the
// buyer, and downloads the file like `pc2 download`; `pc2 refund` takes the money back
// when the node did not deliver in time.

import type { AbortOptions } from '@pc2/core'
import type { Command } from './commands/command.ts'
import { buy } from './commands/buy.ts'
import { download } from './commands/download.ts'
import { helpCommand } from './commands/help.ts'
import { refund } from './commands/refund.ts'
import { upload } from './commands/upload.ts'
import { describeError, exitCodes } from './describe-error.ts'
import { UsageError } from './errors.ts'
import type { CliIo } from './io.ts'

export type { CliIo } from './io.ts'
export { exitCodes } from './describe-error.ts'

const commands: readonly Command[] = [upload, download, buy, refund]
const help = helpCommand(commands)

/** Runs one `pc2` command line; resolves with the exit status. */
export async function runCli (argv: string[], io: CliIo, options: AbortOptions = {}): Promise<number> {
  try {
    const [name, ...args] = argv
    if (name === undefined) {
      // No command at all is a usage error: the overview goes to stderr.
      await help.run([], { ...io, stdout: io.stderr }, options)
      return exitCodes.usage
    }
    if (name === 'help' || name === '--help' || name === '-h') {
      await help.run(name === 'help' ? args : [], io, options)
      return exitCodes.ok
    }
    const command = commands.find((candidate) => candidate.name === name)
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`)
    if (args.includes('--help') || args.includes('-h')) {
      await help.run([command.name], io, options)
      return exitCodes.ok
    }
    await command.run(args, io, options)
    return exitCodes.ok
  } catch (error) {
    if (options.signal?.aborted === true) {
      io.stderr.write('pc2: interrupted\n')
      return exitCodes.interrupted
    }
    const { line, exitCode } = describeError(error, io.env.PC2_DEBUG === '1')
    io.stderr.write(`${line}\n`)
    return exitCode
  }
}
