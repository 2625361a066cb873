import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { looksLikeClaimCode, normalizeClaimCode } from '../src/lib/claim-code.ts'

describe('claim codes', () => {
  it('tidies what people type', () => {
    assert.equal(normalizeClaimCode('abcd-efgh'), 'ABCD-EFGH')
    assert.equal(normalizeClaimCode(' abcd efgh '), 'ABCD-EFGH')
    assert.equal(normalizeClaimCode('ABCDEFGH'), 'ABCD-EFGH')
    assert.equal(normalizeClaimCode('abc'), 'ABC')
  })

  it('recognises the XXXX-XXXX shape', () => {
    assert.ok(looksLikeClaimCode('AB2D-EF9H'))
    assert.equal(looksLikeClaimCode('ABC'), false)
    assert.equal(looksLikeClaimCode('ABCDE-FGH'), false)
  })
})
