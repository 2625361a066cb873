import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  AlreadyClaimedError, ChainIdMismatchError, ClaimCodeInvalidError, ConfigError, CsrfError, DomainMismatchError,
  InternalError, InvalidInputError, MessageExpiredError, MethodNotAllowedError, NonceInvalidError, NotClaimedError,
  NotFoundError, NotOwnerError, PayloadTooLargeError, Pc2Error, SignatureInvalidError, TimeoutError,
  TooManyRequestsError, UnauthenticatedError, UnavailableError, UriMismatchError, isPc2Error
} from '../src/index.ts'

describe('errors', () => {
  const cases = [
    [ConfigError, 'ConfigError', 500],
    [InvalidInputError, 'InvalidInputError', 400],
    [NotFoundError, 'NotFoundError', 404],
    [MethodNotAllowedError, 'MethodNotAllowedError', 405],
    [UnavailableError, 'UnavailableError', 503],
    [TimeoutError, 'TimeoutError', 504],
    [InternalError, 'InternalError', 500],
    [PayloadTooLargeError, 'PayloadTooLargeError', 413],
    [TooManyRequestsError, 'TooManyRequestsError', 429],
    [UnauthenticatedError, 'UnauthenticatedError', 401],
    [CsrfError, 'CsrfError', 403],
    [DomainMismatchError, 'DomainMismatchError', 401],
    [UriMismatchError, 'UriMismatchError', 401],
    [ChainIdMismatchError, 'ChainIdMismatchError', 401],
    [MessageExpiredError, 'MessageExpiredError', 401],
    [NonceInvalidError, 'NonceInvalidError', 401],
    [SignatureInvalidError, 'SignatureInvalidError', 401],
    [AlreadyClaimedError, 'AlreadyClaimedError', 409],
    [ClaimCodeInvalidError, 'ClaimCodeInvalidError', 403],
    [NotClaimedError, 'NotClaimedError', 409],
    [NotOwnerError, 'NotOwnerError', 403]
  ] as const

  for (const [ErrorClass, name, status] of cases) {
    it(`${name} has a stable name and status ${status}`, () => {
      const error = new ErrorClass('something happened', { details: { key: 'value' } })
      assert.equal(error.name, name)
      assert.equal(error.status, status)
      assert.deepEqual(error.details, { key: 'value' })
      assert.ok(error instanceof Pc2Error)
      assert.ok(error instanceof Error)
      assert.ok(isPc2Error(error))
      assert.match(String(error), new RegExp(`^${name}: something happened`))
    })
  }

  it('keeps the cause', () => {
    const cause = new Error('root cause')
    assert.equal(new UnavailableError('wrapped', { cause }).cause, cause)
  })

  it('does not take plain errors for its own', () => {
    assert.equal(isPc2Error(new Error('plain')), false)
  })
})
