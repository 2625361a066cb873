import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  formatAmount, formatBasisPoints, formatTotals, formatUnits, InvalidAmountError, parseAmount, parseCommissionPercent, parseDeliveryHours, promoterShare
} from '../src/lib/amounts.ts'

const refused = (run: () => unknown, pattern: RegExp): void => {
  assert.throws(run, (error: Error) => error.name === 'InvalidAmountError' && error instanceof InvalidAmountError && pattern.test(error.message))
}

describe('amounts', () => {
  it('reads prices in ETH as wei, with a comma or a point', () => {
    assert.equal(parseAmount('1.5'), 1_500_000_000_000_000_000n)
    assert.equal(parseAmount(' 0,02 '), 20_000_000_000_000_000n)
    assert.equal(parseAmount('.5'), 500_000_000_000_000_000n)
    assert.equal(parseAmount('3.'), 3_000_000_000_000_000_000n)
    assert.equal(parseAmount('0.000000000000000001'), 1n)
    assert.equal(parseAmount('12', 6, 'USDC'), 12_000_000n)
  })

  it('refuses empty, zero, negative, exponent and over-precise prices in words', () => {
    refused(() => parseAmount(''), /Enter a price in ETH/)
    refused(() => parseAmount('0'), /more than zero/)
    refused(() => parseAmount('0.000'), /more than zero/)
    refused(() => parseAmount('-1'), /not a price/)
    refused(() => parseAmount('1e3'), /not a price/)
    refused(() => parseAmount('0.1.2'), /not a price/)
    refused(() => parseAmount('0.0000000000000000001'), /at most 18 decimal places/)
    refused(() => parseAmount('1.5', 0, 'TOKEN'), /TOKEN has at most 0 decimal places/)
  })

  it('writes wei as ETH without trailing zeros or exponents', () => {
    assert.equal(formatUnits(1_500_000_000_000_000_000n, 18), '1.5')
    assert.equal(formatUnits(1n, 18), '0.000000000000000001')
    assert.equal(formatUnits(0n, 18), '0')
    assert.equal(formatUnits(10_000n * 10n ** 18n, 18), '10000')
    assert.equal(formatUnits(42n, 0), '42')
    assert.equal(formatUnits(-5n, 1), '-0.5')
    assert.equal(formatAmount('20000000000000000'), '0.02 ETH')
    assert.equal(formatAmount(12_340_000n, 6, 'USDC'), '12.34 USDC')
  })

  it('round-trips what it formats', () => {
    for (const wei of [1n, 999n, 10n ** 18n, 123_456_789_012_345_678_901n]) assert.equal(parseAmount(formatUnits(wei, 18)), wei)
  })

  it('reads commissions as basis points from 0 to 100%', () => {
    assert.equal(parseCommissionPercent('10'), 1000)
    assert.equal(parseCommissionPercent('2,5'), 250)
    assert.equal(parseCommissionPercent('0'), 0)
    assert.equal(parseCommissionPercent('100'), 10_000)
    assert.equal(parseCommissionPercent('12.34'), 1234)
    refused(() => parseCommissionPercent('100.01'), /more than 100%/)
    refused(() => parseCommissionPercent('-1'), /percentage from 0 to 100/)
    refused(() => parseCommissionPercent('1.234'), /percentage from 0 to 100/)
    refused(() => parseCommissionPercent(''), /percentage from 0 to 100/)
    assert.equal(formatBasisPoints(1250), '12.5%')
    assert.equal(formatBasisPoints(2500), '25%')
  })

  it('computes the promoter share rounded down, as the contract does', () => {
    assert.equal(promoterShare(20_000_000_000_000_000n, 2500), 5_000_000_000_000_000n)
    assert.equal(promoterShare(3n, 5000), 1n)
    assert.equal(promoterShare(1000n, 0), 0n)
  })

  it('reads the delivery window in whole hours, 1 to 720', () => {
    assert.equal(parseDeliveryHours('24'), 86_400)
    assert.equal(parseDeliveryHours(' 1 '), 3600)
    assert.equal(parseDeliveryHours('720'), 720 * 3600)
    for (const text of ['0', '721', '1.5', '', 'a day']) refused(() => parseDeliveryHours(text), /whole number of hours from 1 to 720/)
  })

  it('writes per-currency totals on one line', () => {
    assert.equal(formatTotals({}), '0 ETH')
    assert.equal(formatTotals({ ETH: '15000000000000000' }), '0.015 ETH')
    assert.equal(formatTotals({ ETH: '1000000000000000000', USDC: '5000000' }, (currency) => currency === 'USDC' ? 6 : 18), '1 ETH · 5 USDC')
  })
})
