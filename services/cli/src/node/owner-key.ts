// The owner's Ethereum private key, which signs the Sign-In with Ethereum message: from
// --key-file or $PC2_OWNER_KEY, never from the command line itself (where `ps` and the shell
// history would show it), and never printed, not even in part.

import { readFile } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { OwnerKeyError } from '../errors.ts'

export type PrivateKey = `0x${string}`

export async function readOwnerKey (keyFile: string | undefined, env: Record<string, string | undefined>, options: AbortOptions = {}): Promise<PrivateKey> {
  let text: string
  let source: string
  if (keyFile !== undefined) {
    source = keyFile
    try {
      text = await readFile(keyFile, { encoding: 'utf8', signal: options.signal })
    } catch (error) {
      throw new OwnerKeyError(`cannot read the key file ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
  } else if (env.PC2_OWNER_KEY !== undefined && env.PC2_OWNER_KEY !== '') {
    source = 'PC2_OWNER_KEY'
    text = env.PC2_OWNER_KEY
  } else {
    throw new OwnerKeyError('uploading needs the node owner\'s key: set PC2_OWNER_KEY=0x… or pass --key-file FILE')
  }
  const key = text.trim()
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new OwnerKeyError(`${source} does not hold a private key; expected 0x followed by 64 hex digits`)
  return key as PrivateKey
}
