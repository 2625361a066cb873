// The little of the Solidity ABI the storefront speaks: 32-byte words of uints, addresses
// and bytes32, one dynamic `string`/`bytes` inside a returned struct or an event, and
// function selectors and event topics from keccak-256 of the signature. Written out rather
// than taken from viem, because viem's package entry brings its CCIP, WebSocket and
// secp256k1 code along as lazily loadable chunks that esbuild cannot drop (about 40 KiB
// gzip of files nothing loads); test/abi-words.spec.ts checks every encoding against viem.

import { keccak_256 } from '@noble/hashes/sha3'

export class AbiDecodingError extends Error {
  override name = 'AbiDecodingError'
}

const wordHexDigits = 64

export function bytesToHex (bytes: Uint8Array): `0x${string}` {
  let hex = '0x'
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex as `0x${string}`
}

export function hexToBytes (hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new AbiDecodingError(`not an even-length 0x hex string: ${hex.slice(0, 20)}…`)
  const bytes = new Uint8Array((hex.length - 2) / 2)
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(hex.slice(2 + index * 2, 4 + index * 2), 16)
  return bytes
}

export function keccak256Hex (bytes: Uint8Array): `0x${string}` {
  return bytesToHex(keccak_256(bytes))
}

/** The first four bytes of keccak-256 of `signature`, e.g. "refund(uint256)". */
export function functionSelector (signature: string): string {
  return keccak256Hex(new TextEncoder().encode(signature)).slice(0, 10)
}

/** topic0 of an event, e.g. "Refunded(uint256,address,uint256)". */
export function eventTopic (signature: string): string {
  return keccak256Hex(new TextEncoder().encode(signature))
}

export function uintWord (value: bigint | number): string {
  const big = BigInt(value)
  if (big < 0n || big >= 1n << 256n) throw new RangeError(`${big} does not fit in a uint256`)
  return big.toString(16).padStart(wordHexDigits, '0')
}

export function addressWord (address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new TypeError(`not an address: ${address}`)
  return address.slice(2).toLowerCase().padStart(wordHexDigits, '0')
}

export function bytes32Word (bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new TypeError(`bytes32 needs 32 bytes, got ${bytes.length}`)
  return bytesToHex(bytes).slice(2)
}

/** Calldata: the selector, then the static arguments' words. */
export function encodeCall (signature: string, words: readonly string[]): `0x${string}` {
  return `${functionSelector(signature)}${words.join('')}` as `0x${string}`
}

/** Reads words and dynamic values out of ABI-encoded data (a call's result or a log's data). */
export class AbiReader {
  readonly #hex: string

  constructor (data: string) {
    if (!/^0x([0-9a-fA-F]{64})*$/.test(data)) throw new AbiDecodingError(`not ABI-encoded data (0x and whole 32-byte words): ${data.slice(0, 20)}…`)
    this.#hex = data.slice(2).toLowerCase()
  }

  get wordCount (): number {
    return this.#hex.length / wordHexDigits
  }

  #word (index: number): string {
    const word = this.#hex.slice(index * wordHexDigits, (index + 1) * wordHexDigits)
    if (word.length !== wordHexDigits) throw new AbiDecodingError(`the data ends before word ${index}`)
    return word
  }

  uint (index: number): bigint {
    return BigInt(`0x${this.#word(index)}`)
  }

  /** A uint known to be small (an enum, a uint16/32/64): a Number. */
  small (index: number): number {
    const value = this.uint(index)
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new AbiDecodingError(`word ${index} is too large for a small number`)
    return Number(value)
  }

  /** Lower case; checksum it for display. */
  address (index: number): string {
    return `0x${this.#word(index).slice(24)}`
  }

  bytes32 (index: number): `0x${string}` {
    return `0x${this.#word(index)}`
  }

  /** The `bytes` whose offset (in bytes from `base`, a byte position) is in word `index`. */
  bytes (index: number, base = 0): Uint8Array {
    const offset = this.small(index) + base
    if (offset % 32 !== 0) throw new AbiDecodingError(`offset ${offset} is not word-aligned`)
    const start = offset / 32
    const length = this.small(start)
    const hex = this.#hex.slice((start + 1) * wordHexDigits, (start + 1) * wordHexDigits + length * 2)
    if (hex.length !== length * 2) throw new AbiDecodingError(`the data ends inside a ${length}-byte value`)
    return hexToBytes(`0x${hex}`)
  }

  string (index: number, base = 0): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(index, base))
  }
}
