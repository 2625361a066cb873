// Ethereum private keys the CLI signs with: the node owner's (Sign-In with Ethereum, for
// upload) and a buyer's (for buy and refund). Read from a --key-file or an environment
// variable, never from the command line itself (where `ps` and the shell history would
// show it), and never printed, not even in part.

import { readFile } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { BuyerKeyError, OwnerKeyError } from '../errors.ts'

export type PrivateKey = `0x${string}`

interface KeySource {
  variable: string
  /** What the key is needed for, for the message when there is none. */
  purpose: string
  whose: string
  error: new (message: string) => Error
}

const owner: KeySource = { variable: 'PC2_OWNER_KEY', purpose: 'uploading', whose: 'the node owner\'s key', error: OwnerKeyError }
const buyer: KeySource = { variable: 'PC2_BUYER_KEY', purpose: 'buying', whose: 'your wallet\'s private key', error: BuyerKeyError }

export async function readOwnerKey (keyFile: string | undefined, env: Record<string, string | undefined>, options: AbortOptions = {}): Promise<PrivateKey> {
  return await readPrivateKey(owner, keyFile, env, options)
}

export async function readBuyerKey (keyFile: string | undefined, env: Record<string, string | undefined>, options: AbortOptions = {}): Promise<PrivateKey> {
  return await readPrivateKey(buyer, keyFile, env, options)
}

async function readPrivateKey (source: KeySource, keyFile: string | undefined, env: Record<string, string | undefined>, options: AbortOptions): Promise<PrivateKey> {
  let text: string
  let from: string
  if (keyFile !== undefined) {
    from = keyFile
    try {
      text = await readFile(keyFile, { encoding: 'utf8', signal: options.signal })
    } catch (error) {
      throw new source.error(`cannot read the key file ${keyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
  } else if (env[source.variable] !== undefined && env[source.variable] !== '') {
    from = source.variable
    text = env[source.variable] ?? ''
  } else {
    throw new source.error(`${source.purpose} needs ${source.whose}: set ${source.variable}=0x… or pass --key-file FILE`)
  }
  const key = text.trim()
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new source.error(`${from} does not hold a private key; expected 0x followed by 64 hex digits`)
  return key as PrivateKey
}
