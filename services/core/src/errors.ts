// One class per condition. `name` is the stable identifier that callers, tests and API
// clients match on (messages are for people and may change); `status` is what the
// condition becomes when it crosses an HTTP API.

export interface Pc2ErrorOptions {
  /** Machine-readable facts about the failure; logged, and safe to show the owner. */
  details?: Record<string, unknown>
  cause?: unknown
}

export class Pc2Error extends Error {
  override name: string = 'Pc2Error'
  readonly status: number = 500
  readonly details?: Record<string, unknown>

  constructor (message: string, options: Pc2ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.details !== undefined) this.details = options.details
  }
}

/** A configuration file the node itself reads is wrong: the owner or the build must fix it. */
export class ConfigError extends Pc2Error {
  override name = 'ConfigError'
  override readonly status = 500
}

/** A request carried a value that is not acceptable. */
export class InvalidInputError extends Pc2Error {
  override name = 'InvalidInputError'
  override readonly status = 400
}

export class NotFoundError extends Pc2Error {
  override name = 'NotFoundError'
  override readonly status = 404
}

export class MethodNotAllowedError extends Pc2Error {
  override name = 'MethodNotAllowedError'
  override readonly status = 405
}

/** A request body is larger than the route accepts. */
export class PayloadTooLargeError extends Pc2Error {
  override name = 'PayloadTooLargeError'
  override readonly status = 413
}

/** A client asked too often; `details.retryAfterSeconds` says when it may try again. */
export class TooManyRequestsError extends Pc2Error {
  override name = 'TooManyRequestsError'
  override readonly status = 429
}

/**
 * Storing this would pass a quota: pc2-ipfs's `ipfs.quota` or the disk (details: size,
 * freeBytes, quotaBytes), or an app's folder past its granted storage (details: app,
 * usedBytes, quotaMiB; the app does not run until space is freed).
 */
export class QuotaExceededError extends Pc2Error {
  override name = 'QuotaExceededError'
  override readonly status = 507
}

/** Something the operation depends on (a program, a file, another service) is not there now. */
export class UnavailableError extends Pc2Error {
  override name = 'UnavailableError'
  override readonly status = 503
}

/** An operation did not finish in the time it was given. */
export class TimeoutError extends Pc2Error {
  override name = 'TimeoutError'
  override readonly status = 504
}

/**
 * A failure nobody anticipated. Its message is deliberately generic: the real cause goes to
 * the log, never to a client.
 */
export class InternalError extends Pc2Error {
  override name = 'InternalError'
  override readonly status = 500
}

export function isPc2Error (error: unknown): error is Pc2Error {
  return error instanceof Pc2Error
}
