// The browser wallet, spoken to through EIP-1193 (`window.ethereum`). Signing in needs only
// two requests: which account, and a `personal_sign` of the SIWE text; the node verifies
// signatures offline and does not care which chain the wallet is on. The storefront's
// purchases say more to the wallet through `walletRequest` (lib/chain-wallet.ts).

import { isAddress, toChecksumAddress } from './eip55.ts'
import { utf8ToHex } from './hex.ts'

export interface Eip1193Provider {
  request: (arguments_: { method: string, params?: unknown[] }) => Promise<unknown>
}

export class WalletMissingError extends Error {
  override name = 'WalletMissingError'
  constructor () { super('No browser wallet was found.') }
}

/** The user declined (EIP-1193 code 4001). */
export class WalletRejectedError extends Error {
  override name = 'WalletRejectedError'
}

/** The wallet already shows a request (code -32002). */
export class WalletBusyError extends Error {
  override name = 'WalletBusyError'
}

export class WalletError extends Error {
  override name = 'WalletError'
}

export function findBrowserWallet (): Eip1193Provider | undefined {
  const candidate = (globalThis as { ethereum?: unknown }).ethereum
  if (typeof candidate === 'object' && candidate !== null && typeof (candidate as Eip1193Provider).request === 'function') {
    return candidate as Eip1193Provider
  }
  return undefined
}

function walletErrorFrom (error: unknown): Error {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown, message?: unknown }
  const text = typeof message === 'string' && message !== '' ? message : 'The wallet refused the request.'
  if (code === 4001) return new WalletRejectedError(text)
  if (code === -32002) return new WalletBusyError(text)
  return new WalletError(text)
}

/** A wallet's answer that must be 0x-hex; `missing` says what it failed to give. */
export function hexAnswer (answer: unknown, missing: string): string {
  if (typeof answer !== 'string' || !/^0x[0-9a-fA-F]+$/.test(answer)) throw new WalletError(missing)
  return answer
}

export async function walletRequest (provider: Eip1193Provider, method: string, params?: unknown[]): Promise<unknown> {
  try {
    return await provider.request(params === undefined ? { method } : { method, params })
  } catch (error) {
    throw walletErrorFrom(error)
  }
}

/** Asks the wallet to connect and answers its first account, EIP-55 checksummed. */
export async function requestAccount (provider: Eip1193Provider): Promise<string> {
  const accounts = await walletRequest(provider, 'eth_requestAccounts')
  const first: unknown = Array.isArray(accounts) ? accounts[0] : undefined
  if (typeof first !== 'string' || !isAddress(first)) throw new WalletError('The wallet did not share an account.')
  return toChecksumAddress(first)
}

export async function personalSign (provider: Eip1193Provider, message: string, address: string): Promise<string> {
  return hexAnswer(await walletRequest(provider, 'personal_sign', [utf8ToHex(message), address]), 'The wallet did not return a signature.')
}
