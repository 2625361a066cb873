import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { appendCapped, isValidUnitName, journalQuery, parseJournalEvent, priorityName, toJournalLines } from '../src/lib/journal.ts'

describe('journal helpers', () => {
  it('names the syslog priorities', () => {
    assert.equal(priorityName(0), 'emerg')
    assert.equal(priorityName(6), 'info')
    assert.equal(priorityName(7), 'debug')
    assert.equal(priorityName(9), '9')
  })

  it('accepts the unit names the server accepts', () => {
    for (const unit of ['pc2-admin.service', 'getty@tty1.service', 'a_b:c']) assert.ok(isValidUnitName(unit), unit)
    for (const unit of ['', 'two words', 'pc2;rm', 'ünit']) assert.equal(isValidUnitName(unit), false, unit)
  })

  it('builds the query, leaving out an empty unit', () => {
    assert.equal(journalQuery({ unit: '', priority: 6 }, 200), 'priority=6&lines=200')
    assert.equal(journalQuery({ unit: ' pc2-admin.service ', priority: 3 }), 'unit=pc2-admin.service&priority=3')
    assert.equal(journalQuery({ unit: 'getty@tty1.service', priority: 7 }), 'unit=getty%40tty1.service&priority=7')
  })

  it('keeps only the newest lines', () => {
    assert.deepEqual(appendCapped([1, 2, 3], [4, 5], 4), [2, 3, 4, 5])
    assert.deepEqual(appendCapped([1], [2], 4), [1, 2])
  })

  it('gives every line a key that grows with arrival', () => {
    const entry = { time: '2025-01-01T00:00:00Z', unit: null, priority: 6, pid: null, message: 'x' }
    const [first, second] = toJournalLines([entry, entry])
    assert.ok(first !== undefined && second !== undefined && second.key > first.key)
  })

  it('reads stream events and ignores anything else', () => {
    const entry = { time: '2025-01-01T00:00:00.000Z', unit: 'pc2-admin.service', priority: 5, pid: 42, message: 'started' }
    assert.deepEqual(parseJournalEvent(JSON.stringify(entry)), entry)
    assert.deepEqual(parseJournalEvent(JSON.stringify({ time: entry.time, priority: 6, message: 'kernel line' })), { time: entry.time, unit: null, priority: 6, pid: null, message: 'kernel line' })
    assert.equal(parseJournalEvent('not json'), undefined)
    assert.equal(parseJournalEvent('null'), undefined)
    assert.equal(parseJournalEvent('{"message": 1}'), undefined)
  })
})
