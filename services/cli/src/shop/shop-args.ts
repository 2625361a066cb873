// The option values `pc2 buy` and `pc2 refund` share, checked before anything is read or
// sent: a wrong one is a UsageError (exit status 2) naming the option.

import { getAddress, isAddress } from 'viem'
import type { Address } from 'viem'
import { UsageError } from '../errors.ts'

export function parseRpcUrl (command: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${command}: --rpc URL is required (a JSON-RPC endpoint of the listing's chain, e.g. http://127.0.0.1:8545)`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`${command}: --rpc ${JSON.stringify(value)} is not a URL; expected e.g. https://rpc.example or http://127.0.0.1:8545`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${command}: --rpc ${JSON.stringify(value)} is not an http:// or https:// URL`)
  return value
}

export function parsePurchaseId (command: string, option: string, value: string): bigint {
  if (!/^[1-9][0-9]{0,76}$/.test(value)) throw new UsageError(`${command}: ${option} ${JSON.stringify(value)} is not a purchase id (a whole number from 1)`)
  return BigInt(value)
}

export function parseContract (command: string, value: string | undefined): Address {
  if (value === undefined) throw new UsageError(`${command}: --contract ADDRESS is required (the FileShop contract; \`pc2 buy\` prints it)`)
  if (!isAddress(value)) throw new UsageError(`${command}: --contract ${JSON.stringify(value)} is not an address; expected 0x and 40 hex digits (EIP-55 checksummed when mixed case)`)
  return getAddress(value)
}
