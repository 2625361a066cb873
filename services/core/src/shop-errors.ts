// The conditions of pc2-shop's API (services/shop/API.md), one class each. They live in
// core because pc2-admin, the web UI and the CLI pass them on to people by `name`.

import { Pc2Error } from './errors.ts'

/** Selling is off: `shop.rpcUrl` or `shop.contract` is `off`, or the vault has no wallet yet. */
export class ShopNotConfiguredError extends Pc2Error {
  override name = 'ShopNotConfiguredError'
  override readonly status = 409
}

export class ListingNotFoundError extends Pc2Error {
  override name = 'ListingNotFoundError'
  override readonly status = 404
}

/** The owner holds no license token for the listing an install names (an app not paid for). */
export class NoLicenseError extends Pc2Error {
  override name = 'NoLicenseError'
  override readonly status = 402
}

/** What is being installed is not what the listing sells: `details.field` names what differs. */
export class LicenseMismatchError extends Pc2Error {
  override name = 'LicenseMismatchError'
  override readonly status = 400
}

export class PurchaseNotFoundError extends Pc2Error {
  override name = 'PurchaseNotFoundError'
  override readonly status = 404
}

/** The chain's RPC endpoint did not answer, or answered nonsense; `details.rpcUrl` names it. */
export class ChainUnavailableError extends Pc2Error {
  override name = 'ChainUnavailableError'
  override readonly status = 503
}

/**
 * The contract refused a transaction; `details.reason` is the contract's custom error name
 * (e.g. `FileShopNotSeller`) and `details.args` its arguments as strings.
 */
export class ChainTransactionRevertedError extends Pc2Error {
  override name = 'ChainTransactionRevertedError'
  override readonly status = 409
}

/** The node's wallet cannot pay for gas; `details.address` is what the owner must fund. */
export class WalletUnfundedError extends Pc2Error {
  override name = 'WalletUnfundedError'
  override readonly status = 402
}

/** The vault holds no wallet key yet (POST /wallet makes one). */
export class WalletNotFoundError extends Pc2Error {
  override name = 'WalletNotFoundError'
  override readonly status = 404
}

/** A delivered key does not open with the buyer's key, or does not match the listing's commitment. */
export class DeliveredKeyMismatchError extends Pc2Error {
  override name = 'DeliveredKeyMismatchError'
  override readonly status = 502
}
