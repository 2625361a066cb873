import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatBytes, formatClockTime, formatDateTime, formatUptime, percentOf, shortenAddress, shortenHash } from '../src/lib/format.ts'

describe('formatBytes', () => {
  it('uses binary units with three significant digits', () => {
    assert.equal(formatBytes(0), '0 B')
    assert.equal(formatBytes(512), '512 B')
    assert.equal(formatBytes(1023), '1023 B')
    assert.equal(formatBytes(1024), '1.0 KiB')
    assert.equal(formatBytes(1536), '1.5 KiB')
    assert.equal(formatBytes(20 * 1024 ** 3), '20.0 GiB')
    assert.equal(formatBytes(931.5 * 1024 ** 3), '932 GiB')
    assert.equal(formatBytes(1024 ** 4 * 3.25), '3.3 TiB')
  })

  it('never prints 1024 of a unit', () => {
    assert.equal(formatBytes(1024 * 1024 - 1), '1.0 MiB')
  })

  it('shows a dash for nonsense', () => {
    assert.equal(formatBytes(-1), '–')
    assert.equal(formatBytes(Number.NaN), '–')
  })
})

describe('formatUptime', () => {
  it('shows the two largest parts', () => {
    assert.equal(formatUptime(0), '0 s')
    assert.equal(formatUptime(45.9), '45 s')
    assert.equal(formatUptime(60), '1 min')
    assert.equal(formatUptime(12 * 60 + 5), '12 min 5 s')
    assert.equal(formatUptime(5 * 3600 + 12 * 60 + 30), '5 h 12 min')
    assert.equal(formatUptime(3 * 86400 + 4 * 3600 + 59), '3 d 4 h')
    assert.equal(formatUptime(2 * 86400 + 30), '2 d')
    assert.equal(formatUptime(-5), '–')
  })
})

describe('small formatters', () => {
  it('percentOf clamps and survives a zero total', () => {
    assert.equal(percentOf(1, 3), 33)
    assert.equal(percentOf(5, 0), 0)
    assert.equal(percentOf(7, 5), 100)
  })

  it('shortens hashes and addresses', () => {
    assert.equal(shortenHash('a'.repeat(64)), `${'a'.repeat(12)}…`)
    assert.equal(shortenHash('abc'), 'abc')
    assert.equal(shortenAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), '0x5aAe…eAed')
  })

  it('formats a clock time with two digits each', () => {
    assert.equal(formatClockTime(new Date(2025, 0, 2, 3, 4, 5)), '03:04:05')
    assert.equal(formatClockTime(new Date(Number.NaN)), '--:--:--')
  })
})

describe('formatDateTime', () => {
  it('is local YYYY-MM-DD HH:MM, and a dash for an invalid date', () => {
    assert.equal(formatDateTime(new Date(2025, 0, 5, 9, 7, 59)), '2025-01-05 09:07')
    assert.equal(formatDateTime(new Date('nonsense')), '–')
  })
})
