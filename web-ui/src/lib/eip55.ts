// EIP-55 mixed-case checksum addresses. Wallets often answer in lower case, while EIP-4361
// requires the checksummed form. https://eips.ethereum.org/EIPS/eip-55

import { keccak_256 } from '@noble/hashes/sha3'

export class InvalidAddressError extends Error {
  override name = 'InvalidAddressError'
}

export function isAddress (text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text)
}

export function toChecksumAddress (address: string): string {
  if (!isAddress(address)) throw new InvalidAddressError(`not an Ethereum address: ${JSON.stringify(address)}`)
  const hex = address.slice(2).toLowerCase()
  const hash = keccak_256(new TextEncoder().encode(hex))
  let checksummed = '0x'
  for (let index = 0; index < hex.length; index++) {
    const byte = hash[index >> 1] ?? 0
    const nibble = index % 2 === 0 ? byte >> 4 : byte & 0x0f
    const character = hex[index] ?? ''
    checksummed += nibble >= 8 ? character.toUpperCase() : character
  }
  return checksummed
}

/** Whether a mixed-case address carries a valid checksum (all-lower or all-upper carry none). */
export function hasValidChecksum (address: string): boolean {
  return isAddress(address) && toChecksumAddress(address) === address
}
