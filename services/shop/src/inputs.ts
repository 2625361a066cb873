// What a request may carry, checked before the vault or the chain is asked anything. Each
// refusal is a 400 InvalidInputError whose details name the field and what it expects, so
// pc2-admin and the web UI can show it next to the field.

import { getAddress, isAddress, maxUint256 } from 'viem'
import type { Address } from 'viem'
import { InvalidInputError } from '@pc2/core'

export interface CreateListingInput {
  cid: string
  title: string
  description: string
  price: bigint
  token: Address | null
  commissionBps: number
  deliveryWindowSeconds: number
}

export interface UpdateListingInput {
  price?: bigint
  commissionBps?: number
  paused?: boolean
  title?: string
  description?: string
}

export const limits = { titleLength: 200, descriptionLength: 5000, minDeliveryWindow: 60, maxDeliveryWindow: 2_592_000, defaultDeliveryWindow: 86_400 }

export function invalid (field: string, expected: string, why: string): InvalidInputError {
  return new InvalidInputError(`${field} ${why}; expected ${expected}`, { details: { field, expected } })
}

export function parseCreateListing (body: unknown): CreateListingInput {
  const given = objectWith(body, ['cid', 'title', 'description', 'price', 'token', 'commissionBps', 'deliveryWindowSeconds'])
  if (typeof given.cid !== 'string' || given.cid === '' || given.cid.length > 128) throw invalid('cid', 'the CID of an uploaded file', `is ${describe(given.cid)}`)
  return {
    cid: given.cid,
    title: title(given.title),
    description: given.description === undefined ? '' : description(given.description),
    price: amount('price', given.price),
    token: given.token === undefined || given.token === null ? null : address('token', given.token),
    commissionBps: commission(given.commissionBps),
    deliveryWindowSeconds: given.deliveryWindowSeconds === undefined ? limits.defaultDeliveryWindow : deliveryWindow(given.deliveryWindowSeconds)
  }
}

export function parseUpdateListing (body: unknown): UpdateListingInput {
  const given = objectWith(body, ['price', 'commissionBps', 'paused', 'title', 'description'])
  if (Object.keys(given).length === 0) throw invalid('body', 'at least one of price, commissionBps, paused, title, description', 'changes nothing')
  if (given.paused !== undefined && typeof given.paused !== 'boolean') throw invalid('paused', 'true or false', `is ${describe(given.paused)}`)
  return {
    ...(given.price === undefined ? {} : { price: amount('price', given.price) }),
    ...(given.commissionBps === undefined ? {} : { commissionBps: commission(given.commissionBps) }),
    ...(given.paused === undefined ? {} : { paused: given.paused }),
    ...(given.title === undefined ? {} : { title: title(given.title) }),
    ...(given.description === undefined ? {} : { description: description(given.description) })
  }
}

/** A listing or purchase id in a path: a positive decimal integer. */
export function parseId (field: string, text: string): bigint {
  if (!/^[1-9][0-9]{0,76}$/.test(text)) throw invalid(field, 'a positive decimal integer', `is ${describe(text)}`)
  return BigInt(text)
}

export function address (field: string, value: unknown): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: false })) throw invalid(field, 'an address: 0x and 40 hex digits', `is ${describe(value)}`)
  return getAddress(value)
}

function amount (field: string, value: unknown): bigint {
  const expected = 'a whole amount in wei (or token units) greater than 0, as a decimal string'
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,77}$/.test(value) || BigInt(value) > maxUint256) throw invalid(field, expected, `is ${describe(value)}`)
  return BigInt(value)
}

function commission (value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000) throw invalid('commissionBps', 'an integer from 0 to 10000 (basis points)', `is ${describe(value)}`)
  return value
}

function deliveryWindow (value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.minDeliveryWindow || value > limits.maxDeliveryWindow) {
    throw invalid('deliveryWindowSeconds', `an integer from ${limits.minDeliveryWindow} to ${limits.maxDeliveryWindow} (30 days)`, `is ${describe(value)}`)
  }
  return value
}

function title (value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > limits.titleLength) throw invalid('title', `text of 1 to ${limits.titleLength} characters`, `is ${describe(value)}`)
  return value.trim()
}

function description (value: unknown): string {
  if (typeof value !== 'string' || value.length > limits.descriptionLength) throw invalid('description', `text of at most ${limits.descriptionLength} characters`, `is ${describe(value)}`)
  return value
}

function objectWith (value: unknown, allowed: readonly string[]): Record<string, unknown> {
  const expected = `a JSON object with ${allowed.join(', ')}`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('body', expected, 'is not an object')
  const unknown = Object.keys(value).find((key) => !allowed.includes(key))
  if (unknown !== undefined) throw new InvalidInputError(`${unknown} is not a field of this request; expected ${expected}`, { details: { field: unknown, expected } })
  return value as Record<string, unknown>
}

function describe (value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (typeof value === 'string') return value.length > 60 ? `a ${value.length}-character string` : JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return `a${Array.isArray(value) ? 'n array' : ` ${typeof value}`}`
}
