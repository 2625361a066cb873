// The conditions the CLI reports, one class each. Every one of them is an expected failure:
// `pc2` prints its message on one line and exits 1 (2 for a UsageError), never a stack.

import { Pc2Error } from '@pc2/core'

/** The command line itself is wrong: exit status 2, with a pointer to `pc2 help`. */
export class UsageError extends Pc2Error {
  override name = 'UsageError'
  override readonly status = 400
}

/** The node could not be reached, or the connection broke. */
export class NetworkError extends Pc2Error {
  override name = 'NetworkError'
  override readonly status = 503
}

/** The node answered with an error; `remoteName` is the API's stable error name. */
export class NodeApiError extends Pc2Error {
  override name = 'NodeApiError'
  override readonly status: number
  readonly remoteName: string
  /** From the reply's Retry-After header, when it had one. */
  readonly retryAfterSeconds: number | undefined

  constructor (message: string, options: { status: number, remoteName: string, details?: Record<string, unknown>, retryAfterSeconds?: number }) {
    super(message, options.details === undefined ? {} : { details: options.details })
    this.status = options.status
    this.remoteName = options.remoteName
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

/** The link's CID is not on the node it names. */
export class ContentNotFoundError extends Pc2Error {
  override name = 'ContentNotFoundError'
  override readonly status = 404
}

/** The download would replace a file that exists, and --force was not given. */
export class OutputExistsError extends Pc2Error {
  override name = 'OutputExistsError'
  override readonly status = 409
}

/** Where the download should go cannot be written (no such directory, no permission). */
export class OutputError extends Pc2Error {
  override name = 'OutputError'
  override readonly status = 400
}

/** No owner key, or one that is not a 0x-prefixed 32-byte hex private key. */
export class OwnerKeyError extends Pc2Error {
  override name = 'OwnerKeyError'
  override readonly status = 400
}

/** The file to upload cannot be read, or changed while it was being read. */
export class SourceFileError extends Pc2Error {
  override name = 'SourceFileError'
  override readonly status = 400
}

/** No buyer key, or one that is not a 0x-prefixed 32-byte hex private key. */
export class BuyerKeyError extends Pc2Error {
  override name = 'BuyerKeyError'
  override readonly status = 400
}

/** A storefront link that is not `<origin>/shop/<listingId>[?ref=<address>]`. */
export class InvalidStorefrontLinkError extends Pc2Error {
  override name = 'InvalidStorefrontLinkError'
  override readonly status = 400
}

/** The RPC endpoint serves another chain than the one the listing is on. */
export class WrongChainError extends Pc2Error {
  override name = 'WrongChainError'
  override readonly status = 409
}

/** The storefront describes a listing differently from the chain; `details.field` names where. */
export class ListingMismatchError extends Pc2Error {
  override name = 'ListingMismatchError'
  override readonly status = 409
}

/** The listing exists but cannot be bought now (paused, delisted). */
export class ListingNotForSaleError extends Pc2Error {
  override name = 'ListingNotForSaleError'
  override readonly status = 409
}

/** The buyer's account cannot pay the price (or the gas). */
export class InsufficientFundsError extends Pc2Error {
  override name = 'InsufficientFundsError'
  override readonly status = 402
}

/** The purchase's deadline passed without a delivery: the buyer can take the money back. */
export class DeliveryDeadlinePassedError extends Pc2Error {
  override name = 'DeliveryDeadlinePassedError'
  override readonly status = 410
}

/** The purchase cannot be refunded (deadline not reached, or not pending any more). */
export class RefundNotPossibleError extends Pc2Error {
  override name = 'RefundNotPossibleError'
  override readonly status = 409
}

/** The purchase belongs to another buyer, or to another listing than the link names. */
export class NotYourPurchaseError extends Pc2Error {
  override name = 'NotYourPurchaseError'
  override readonly status = 403
}
