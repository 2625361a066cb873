// The transaction of POST /wallet/sign-transaction, checked field by field before the key
// is touched. pc2-shop builds it; a malformed one is a bug there, and the 400 names the
// field (`transaction.<field>`) and what it expects, so the bug is found without guessing.

import { isAddress, maxUint256 } from 'viem'
import type { Address, Hex } from 'viem'
import { invalid, objectWith } from './inputs.ts'

export interface TransactionInput {
  chainId: number
  nonce: number
  to: Address
  data: Hex
  value: bigint
  gas: bigint
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

const fields = ['chainId', 'nonce', 'to', 'data', 'value', 'gas', 'maxFeePerGas', 'maxPriorityFeePerGas'] as const
/** The block gas limit of mainnet and most L2s: more is never a transaction of ours. */
export const maxGas = 30_000_000n
/** What any transaction costs at least. */
export const minGas = 21_000n
const evenHex = /^0x(?:[0-9a-fA-F]{2})*$/
const decimal = /^(?:0|[1-9][0-9]{0,77})$/

export function parseSignTransactionRequest (body: unknown): TransactionInput {
  const { transaction } = objectWith(body, 'body', ['transaction'])
  const given = objectWith(transaction, 'transaction', fields)
  const name = (field: string): string => `transaction.${field}`

  const integer = (field: 'chainId' | 'nonce', minimum: number, expected: string): number => {
    const value = given[field]
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) throw invalid(name(field), expected, `is ${describe(value)}`)
    return value
  }
  const amount = (field: 'value' | 'gas' | 'maxFeePerGas' | 'maxPriorityFeePerGas'): bigint => {
    const value = given[field]
    const expected = 'an unsigned 256-bit integer as a decimal string without leading zeros'
    if (typeof value !== 'string' || !decimal.test(value) || BigInt(value) > maxUint256) throw invalid(name(field), expected, `is ${describe(value)}`)
    return BigInt(value)
  }

  const chainId = integer('chainId', 1, 'a positive integer chain id')
  const nonce = integer('nonce', 0, 'a non-negative integer')
  const to = given.to
  if (typeof to !== 'string' || !isAddress(to, { strict: true })) {
    throw invalid(name('to'), 'a 20-byte address as 0x and 40 hex digits (EIP-55 checksummed when mixed case)', `is ${describe(to)}`)
  }
  const data = given.data
  if (typeof data !== 'string' || !evenHex.test(data)) throw invalid(name('data'), 'bytes as 0x and an even number of hex digits', `is ${describe(data)}`)
  const value = amount('value')
  const gas = amount('gas')
  if (gas < minGas || gas > maxGas) throw invalid(name('gas'), `a gas limit from ${minGas} to ${maxGas}`, `is ${gas}`)
  const maxFeePerGas = amount('maxFeePerGas')
  const maxPriorityFeePerGas = amount('maxPriorityFeePerGas')
  if (maxPriorityFeePerGas > maxFeePerGas) {
    throw invalid(name('maxPriorityFeePerGas'), `at most maxFeePerGas (${maxFeePerGas})`, `is ${maxPriorityFeePerGas}`)
  }
  return { chainId, nonce, to, data: data as Hex, value, gas, maxFeePerGas, maxPriorityFeePerGas }
}

/** A short, quotable view of a bad value (transactions hold no secrets). */
function describe (value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
  if (typeof value === 'number') return String(value)
  return `a${Array.isArray(value) ? 'n array' : ` ${typeof value}`}`
}
