// The conditions of pc2-vault's API (services/vault/API.md), one class each. They live in
// core because pc2-admin and pc2-shop pass them on to their own clients by `name`.

import { Pc2Error } from './errors.ts'

/** No key is stored for this CID. */
export class FileKeyNotFoundError extends Pc2Error {
  override name = 'FileKeyNotFoundError'
  override readonly status = 404
}

/** The CID already has a record with another key or other metadata; the vault never replaces one. */
export class FileKeyConflictError extends Pc2Error {
  override name = 'FileKeyConflictError'
  override readonly status = 409
}

/**
 * Something in the vault's state does not authenticate under the node key (a damaged record,
 * a record moved to another CID, a missing node key with records left): never dropped
 * silently, since it is a key the owner may be about to lose.
 */
export class VaultCorruptError extends Pc2Error {
  override name = 'VaultCorruptError'
  override readonly status = 500
}
