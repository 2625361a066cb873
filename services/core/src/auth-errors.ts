// The conditions of signing in to a node (claim, login, sessions, CSRF), one class each.
// The names are part of the admin API contract (services/admin/API.md): the web UI shows a
// message per name, and the tests match on them.

import { Pc2Error } from './errors.ts'

/** An owner-only route was called without a valid session. */
export class UnauthenticatedError extends Pc2Error {
  override name = 'UnauthenticatedError'
  override readonly status = 401
}

/** A state-changing request lacked the session's CSRF token or came from another origin. */
export class CsrfError extends Pc2Error {
  override name = 'CsrfError'
  override readonly status = 403
}

/** The SIWE message's domain is not the Host the request was sent to. */
export class DomainMismatchError extends Pc2Error {
  override name = 'DomainMismatchError'
  override readonly status = 401
}

/** The SIWE message's uri is not on this node's origin. */
export class UriMismatchError extends Pc2Error {
  override name = 'UriMismatchError'
  override readonly status = 401
}

/** The SIWE message names another chain than setting auth.chainId. */
export class ChainIdMismatchError extends Pc2Error {
  override name = 'ChainIdMismatchError'
  override readonly status = 401
}

/** The SIWE message has no expiry, is expired, lives too long, or is not valid yet. */
export class MessageExpiredError extends Pc2Error {
  override name = 'MessageExpiredError'
  override readonly status = 401
}

/** The nonce was not issued by this node, was used already, or is too old. */
export class NonceInvalidError extends Pc2Error {
  override name = 'NonceInvalidError'
  override readonly status = 401
}

/** The signature was not made by the message's address over the message. */
export class SignatureInvalidError extends Pc2Error {
  override name = 'SignatureInvalidError'
  override readonly status = 401
}

/** A claim on a node that already has an owner. */
export class AlreadyClaimedError extends Pc2Error {
  override name = 'AlreadyClaimedError'
  override readonly status = 409
}

/** A claim with a code other than the one on the node's console. */
export class ClaimCodeInvalidError extends Pc2Error {
  override name = 'ClaimCodeInvalidError'
  override readonly status = 403
}

/** A login on a node that nobody has claimed yet. */
export class NotClaimedError extends Pc2Error {
  override name = 'NotClaimedError'
  override readonly status = 409
}

/** A valid signature by somebody who is not the node's owner. */
export class NotOwnerError extends Pc2Error {
  override name = 'NotOwnerError'
  override readonly status = 403
}
