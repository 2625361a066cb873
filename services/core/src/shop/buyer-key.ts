// A buyer's X25519 key, derived from a wallet signature so the buyer keeps no new secret:
// the same wallet signing the same message gives the same signature (RFC 6979 deterministic
// ECDSA, which wallets use), hence the same key on any device. The message names the chain
// and the contract, so a key made for one shop deployment opens nothing bought at another.
// The storefront page (libsodium-wrappers) and the CLI (sodium-native) both use this.

export interface BuyerKeyScope {
  chainId: number
  contract: string
}

/** The text the buyer's wallet signs with personal_sign (EIP-191). */
export function buyerKeyMessage (scope: BuyerKeyScope): string {
  return [
    'PC2 FileShop buyer key',
    '',
    'Signing this makes the key that opens the files you buy from PC2 shops.',
    'It sends no transaction and costs nothing. Sign it only on a PC2 storefront.',
    '',
    `Chain: ${scope.chainId}`,
    `Contract: ${scope.contract.toLowerCase()}`
  ].join('\n')
}

const seedDomain = new TextEncoder().encode('pc2-fileshop-buyer-key-v1')

/**
 * The 32-byte seed for `crypto_box_seed_keypair`: SHA-256 of a domain tag and the 65-byte
 * signature. Throws InvalidBuyerSignatureError for anything but 0x + 130 hex digits.
 */
export async function buyerKeySeed (signature: string): Promise<Uint8Array> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw new InvalidBuyerSignatureError(signature.length)
  const bytes = new Uint8Array(seedDomain.length + 65)
  bytes.set(seedDomain)
  for (let index = 0; index < 65; index++) {
    bytes[seedDomain.length + index] = Number.parseInt(signature.slice(2 + index * 2, 4 + index * 2), 16)
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
}

export class InvalidBuyerSignatureError extends Error {
  override name = 'InvalidBuyerSignatureError'
  constructor (length: number) {
    super(`a wallet signature is 0x followed by 130 hex digits; got ${length} characters`)
  }
}
