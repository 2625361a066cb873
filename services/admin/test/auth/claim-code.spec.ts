import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { claimCodeAlphabet, claimCodeMatches, generateClaimCode } from '../../src/auth/claim-code.ts'

describe('claim code', () => {
  it('has 32 characters none of which can be mistaken for another', () => {
    assert.equal(new Set(claimCodeAlphabet).size, 32)
    assert.doesNotMatch(claimCodeAlphabet, /[01OI]/)
  })

  it('looks like XXXX-XXXX, uses the whole alphabet, and does not repeat', () => {
    const codes = Array.from({ length: 2000 }, generateClaimCode)
    for (const code of codes) assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)
    assert.equal(new Set(codes).size, codes.length)
    const seen = new Set(codes.join('').replaceAll('-', ''))
    assert.equal(seen.size, 32)
  })

  it('matches what the owner typed regardless of case, spaces and dash, and nothing else', () => {
    assert.ok(claimCodeMatches('ABCD-EF23', 'ABCD-EF23'))
    assert.ok(claimCodeMatches('ABCD-EF23', ' abcd ef23 '))
    assert.ok(claimCodeMatches('ABCD-EF23', 'abcdef23'))
    for (const wrong of ['ABCD-EF24', 'ABCD-EF2', 'ABCD-EF233', '', 'BCDA-EF23']) assert.ok(!claimCodeMatches('ABCD-EF23', wrong), wrong)
  })
})
