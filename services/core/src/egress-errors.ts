// The conditions of pc2-egress's API (services/egress/API.md). They live in core because
// pc2-admin and the web UI pass them on to the owner by `name`.

import { Pc2Error } from './errors.ts'

/**
 * nftables refused the ruleset a change would have made; nothing changed, the previous
 * rules stay in force. `details.nft` holds nft's own words.
 */
export class RulesetRefusedError extends Pc2Error {
  override name = 'RulesetRefusedError'
  override readonly status = 422
}

/** The unit named in the path is not one whose egress the owner can change. */
export class UnitNotFoundError extends Pc2Error {
  override name = 'UnitNotFoundError'
  override readonly status = 404
}

/** The unit has no network by design (pc2-vault: PrivateNetwork=yes); no destination can be allowed. */
export class NoNetworkUnitError extends Pc2Error {
  override name = 'NoNetworkUnitError'
  override readonly status = 409
}
