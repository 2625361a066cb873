import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ConfigError, InternalError, InvalidInputError, MethodNotAllowedError, NotFoundError, Pc2Error,
  TimeoutError, UnavailableError, isPc2Error
} from '../src/index.ts'

describe('errors', () => {
  const cases = [
    [ConfigError, 'ConfigError', 500],
    [InvalidInputError, 'InvalidInputError', 400],
    [NotFoundError, 'NotFoundError', 404],
    [MethodNotAllowedError, 'MethodNotAllowedError', 405],
    [UnavailableError, 'UnavailableError', 503],
    [TimeoutError, 'TimeoutError', 504],
    [InternalError, 'InternalError', 500]
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
