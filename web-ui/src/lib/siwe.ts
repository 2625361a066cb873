// Sign-In with Ethereum (EIP-4361) message text, built by hand: the format is a dozen lines
// and a library for it would weigh more than the whole UI.
// https://eips.ethereum.org/EIPS/eip-4361

export interface SiweMessageFields {
  /** RFC 3986 authority the browser used, e.g. `pc2.local` or `127.0.0.1:8080`. */
  domain: string
  /** EIP-55 checksummed address of the signer. */
  address: string
  /** One line for people; EIP-4361 forbids line breaks in it. */
  statement?: string
  uri: string
  chainId: number
  /** At least 8 alphanumerics, issued by the server. */
  nonce: string
  issuedAt: Date
  expirationTime?: Date
}

export class SiweFieldError extends Error {
  override name = 'SiweFieldError'
}

export function formatSiweMessage (fields: SiweMessageFields): string {
  if (/\s/.test(fields.domain) || fields.domain === '') throw new SiweFieldError(`invalid domain ${JSON.stringify(fields.domain)}`)
  if (!/^0x[0-9a-fA-F]{40}$/.test(fields.address)) throw new SiweFieldError(`invalid address ${JSON.stringify(fields.address)}`)
  if (fields.statement?.includes('\n') === true) throw new SiweFieldError('the statement must be one line')
  if (!Number.isSafeInteger(fields.chainId) || fields.chainId < 1) throw new SiweFieldError(`invalid chain ID ${fields.chainId}`)
  if (!/^[A-Za-z0-9]{8,}$/.test(fields.nonce)) throw new SiweFieldError('the nonce must be at least 8 letters and digits')

  // EIP-4361: address LF, LF, [statement LF], LF, "URI: ". So a message without a
  // statement has two empty lines between the address and the URI.
  const lines = [
    `${fields.domain} wants you to sign in with your Ethereum account:`,
    fields.address,
    '',
    ...(fields.statement === undefined || fields.statement === '' ? [] : [fields.statement]),
    '',
    `URI: ${fields.uri}`,
    'Version: 1',
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${fields.issuedAt.toISOString()}`
  ]
  if (fields.expirationTime !== undefined) lines.push(`Expiration Time: ${fields.expirationTime.toISOString()}`)
  return lines.join('\n')
}
