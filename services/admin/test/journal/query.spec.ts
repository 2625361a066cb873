import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { journalctlArgs, parseJournalQuery } from '../../src/journal/query.ts'

const fields = ['-o', 'json', '--no-pager', '--output-fields=__REALTIME_TIMESTAMP,_SYSTEMD_UNIT,PRIORITY,_PID,MESSAGE']

describe('journal query', () => {
  it('defaults to the last 200 lines of everything', () => {
    const query = parseJournalQuery(new URLSearchParams(''), { follow: false })
    assert.deepEqual(query, { lines: 200 })
    assert.deepEqual(journalctlArgs(query, { follow: false }), [...fields, '-n', '200'])
  })

  it('turns unit, priority and lines into separate journalctl arguments', () => {
    const query = parseJournalQuery(new URLSearchParams('unit=-x.service&priority=0&lines=7&other=1'), { follow: false })
    assert.deepEqual(query, { unit: '-x.service', priority: 0, lines: 7 })
    assert.deepEqual(journalctlArgs(query, { follow: false }), [...fields, '-u', '-x.service', '-p', '0', '-n', '7'])
  })

  it('follows from now on, ignoring lines', () => {
    const query = parseJournalQuery(new URLSearchParams('priority=4&lines=nonsense'), { follow: true })
    assert.deepEqual(journalctlArgs(query, { follow: true }), [...fields, '-p', '4', '--follow', '-n', '0'])
  })

  it('names the parameter and what it expects', () => {
    assert.throws(() => parseJournalQuery(new URLSearchParams(`unit=${'a'.repeat(257)}`), { follow: false }), (error: Error & { details?: unknown }) => {
      assert.deepEqual(error.details, { parameter: 'unit', expected: 'a unit name: letters, digits and @._:- (at most 256)' })
      return true
    })
    assert.throws(() => parseJournalQuery(new URLSearchParams('lines=1001'), { follow: false }), /^InvalidInputError: lines: "1001" is not valid; expected an integer from 1 to 1000$/)
  })
})
