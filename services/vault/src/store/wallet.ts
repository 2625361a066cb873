// The node's hot wallet, wallet.json: `{ address, wrappedPrivateKey, createdAt }`, the
// secp256k1 private key wrapped under the node key with `pc2-vault wallet <address>` as
// additional data. It is read once at start; a file that does not open stops the vault,
// like every other record, since it may hold the only key to the node's funds.

import { readFile } from 'node:fs/promises'
import { bytesToHex, hexToBytes } from 'viem'
import type { Address, Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import type { AbortOptions } from '@pc2/core'
import { VaultCorruptError } from '@pc2/core'
import { decodeBase64Url } from '@pc2/core/file-format'
import { encodeBase64Url } from '../base64url.ts'
import type { NodeCipher } from '../cipher.ts'
import type { VaultPaths } from './paths.ts'

export interface NodeWallet {
  /** EIP-55 checksummed. */
  address: Address
  privateKey: Hex
  createdAt: string
}

interface WalletFile {
  address: string
  wrappedPrivateKey: string
  createdAt: string
}

const privateKeyBytes = 32
const additionalData = (address: string): string => `pc2-vault wallet ${address}`

export function encodeWallet (cipher: NodeCipher, wallet: NodeWallet): string {
  const file: WalletFile = {
    address: wallet.address,
    wrappedPrivateKey: encodeBase64Url(cipher.wrap(hexToBytes(wallet.privateKey), additionalData(wallet.address))),
    createdAt: wallet.createdAt
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

/** The stored wallet, or undefined when none was made yet. */
export async function loadWallet (cipher: NodeCipher, paths: VaultPaths, options: AbortOptions = {}): Promise<NodeWallet | undefined> {
  let text: string
  try {
    text = await readFile(paths.wallet, { encoding: 'utf8', signal: options.signal })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const corrupt = (why: string): VaultCorruptError =>
    new VaultCorruptError(`${paths.wallet} ${why}`, { details: { path: paths.wallet } })
  let stored: Partial<WalletFile>
  try {
    stored = JSON.parse(text) as Partial<WalletFile>
  } catch {
    throw corrupt('is not JSON')
  }
  const wrapped = typeof stored.wrappedPrivateKey === 'string' ? decodeBase64Url(stored.wrappedPrivateKey) : undefined
  if (typeof stored.address !== 'string' || wrapped === undefined || typeof stored.createdAt !== 'string') {
    throw corrupt('lacks address, wrappedPrivateKey or createdAt')
  }
  const secret = cipher.unwrap(wrapped, additionalData(stored.address))
  if (secret === undefined) throw corrupt('does not authenticate under the node key')
  if (secret.byteLength !== privateKeyBytes) throw corrupt('holds a private key of the wrong size')
  const privateKey = bytesToHex(secret)
  const address = privateKeyToAddress(privateKey)
  if (address !== stored.address) throw corrupt('holds a private key that does not match its address')
  return { address, privateKey, createdAt: stored.createdAt }
}
