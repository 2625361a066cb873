// Proving the wallet: connect, fetch a nonce, build the EIP-4361 text, have the wallet sign
// it. Claim and login both start here and differ only in what they post afterwards.

import type { NonceResponse } from './api-types.ts'
import { formatSiweMessage } from './siwe.ts'
import { findBrowserWallet, personalSign, requestAccount, WalletMissingError } from './wallet.ts'
import type { Eip1193Provider } from './wallet.ts'

/** Well inside the server's 10-minute limit, and long enough for a slow hardware wallet. */
export const signatureLifetimeMs = 5 * 60 * 1000

export type SignInStage = 'connecting' | 'signing' | 'checking'

export interface WalletProof {
  address: string
  message: string
  signature: string
}

export interface ProveWalletOptions {
  statement: string
  /** Where the page was opened; the server compares it with the Host it saw. */
  origin: { host: string, origin: string }
  fetchNonce: () => Promise<NonceResponse>
  onStage?: (stage: SignInStage) => void
  provider?: Eip1193Provider | undefined
  now?: () => Date
}

export async function proveWalletOwnership (options: ProveWalletOptions): Promise<WalletProof> {
  const provider = options.provider ?? findBrowserWallet()
  if (provider === undefined) throw new WalletMissingError()
  options.onStage?.('connecting')
  const address = await requestAccount(provider)
  const { nonce, chainId } = await options.fetchNonce()
  const issuedAt = (options.now ?? (() => new Date()))()
  const message = formatSiweMessage({
    domain: options.origin.host,
    address,
    statement: options.statement,
    uri: options.origin.origin,
    chainId,
    nonce,
    issuedAt,
    expirationTime: new Date(issuedAt.getTime() + signatureLifetimeMs)
  })
  options.onStage?.('signing')
  const signature = await personalSign(provider, message, address)
  options.onStage?.('checking')
  return { address, message, signature }
}
