// The conditions of pc2-ipfs's API (services/ipfs/API.md), one class each. They live in core
// because pc2-admin and pc2-apps pass them on to their own clients, and the web UI and the
// CLI act on them, by `name`. `status` is the HTTP status the condition becomes at the API;
// `details` are facts the client can act on (the offset to resume from, the free bytes left).

import { Pc2Error } from './errors.ts'

/** The path does not hold a CID this node can parse. */
export class InvalidCidError extends Pc2Error {
  override name = 'InvalidCidError'
  override readonly status = 400
}

/** `/ipfs/<cid>/<path>`: the gateway serves whole DAGs by CID only. */
export class UnsupportedPathError extends Pc2Error {
  override name = 'UnsupportedPathError'
  override readonly status = 400
}

/** `?format=` or `dag-scope=` names something the trustless gateway does not serve. */
export class UnsupportedFormatError extends Pc2Error {
  override name = 'UnsupportedFormatError'
  override readonly status = 400
}

/** The bytes were asked for, but the DAG is not a UnixFS file (a directory, say). */
export class NotAFileError extends Pc2Error {
  override name = 'NotAFileError'
  override readonly status = 400
}

/** A `Range` that starts past the end of the file. */
export class RangeNotSatisfiableError extends Pc2Error {
  override name = 'RangeNotSatisfiableError'
  override readonly status = 416
}

/** A block (root or inside a DAG) is not in the local store. */
export class BlockNotFoundError extends Pc2Error {
  override name = 'BlockNotFoundError'
  override readonly status = 404
}

/** An upload's size or body is not acceptable. */
export class InvalidUploadError extends Pc2Error {
  override name = 'InvalidUploadError'
  override readonly status = 400
}

export class UploadNotFoundError extends Pc2Error {
  override name = 'UploadNotFoundError'
  override readonly status = 404
}

/** A PUT at another offset than the session's; `details.offset` is where to resume. */
export class UploadOffsetMismatchError extends Pc2Error {
  override name = 'UploadOffsetMismatchError'
  override readonly status = 409
}

/** Complete was asked for before every byte arrived; `details.offset` says how far it got. */
export class UploadIncompleteError extends Pc2Error {
  override name = 'UploadIncompleteError'
  override readonly status = 409
}


export class PinNotFoundError extends Pc2Error {
  override name = 'PinNotFoundError'
  override readonly status = 404
}

/** No reachable peer could supply the content. */
export class ContentUnavailableError extends Pc2Error {
  override name = 'ContentUnavailableError'
  override readonly status = 404
}

/**
 * A peer sent something that is not the DAG asked for: a block whose hash does not match its
 * CID, a block not reachable from the root, a CAR that ends early. Never stored; the fetch
 * moves on to the next peer.
 */
export class UntrustedContentError extends Pc2Error {
  override name = 'UntrustedContentError'
  override readonly status = 502
}
