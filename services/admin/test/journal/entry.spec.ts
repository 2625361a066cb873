import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseJournalLine } from '../../src/journal/entry.ts'

describe('parseJournalLine', () => {
  it('reads time (µs), unit, priority, PID and message', () => {
    assert.deepEqual(parseJournalLine('{"__REALTIME_TIMESTAMP":"1700000000123456","_SYSTEMD_UNIT":"a.service","PRIORITY":"0","_PID":"1","MESSAGE":"x"}'), {
      time: '2023-11-14T22:13:20.123Z', unit: 'a.service', priority: 0, pid: 1, message: 'x'
    })
  })

  it('decodes a byte-array MESSAGE as UTF-8, replacing what is not', () => {
    const entry = parseJournalLine('{"__REALTIME_TIMESTAMP":"0","MESSAGE":[226,156,147,32,255]}')
    assert.equal(entry?.message, '✓ \uFFFD')
  })

  it('fills what is missing: no unit or PID → null, no priority → info, no message → empty', () => {
    assert.deepEqual(parseJournalLine('{"__REALTIME_TIMESTAMP":"1000"}'), {
      time: '1970-01-01T00:00:00.001Z', unit: null, priority: 6, pid: null, message: ''
    })
    assert.equal(parseJournalLine('{"__REALTIME_TIMESTAMP":"1","PRIORITY":"","_PID":"0"}')?.priority, 6)
    assert.equal(parseJournalLine('{"__REALTIME_TIMESTAMP":"1","PRIORITY":"9","_PID":"-3"}')?.pid, null)
  })

  it('takes the last value of a field the entry repeats', () => {
    assert.equal(parseJournalLine('{"__REALTIME_TIMESTAMP":"1","MESSAGE":["first","second"]}')?.message, 'second')
  })

  it('skips lines that are not journal entries', () => {
    for (const line of ['', 'not json', '[]', 'null', '{"MESSAGE":"no time"}', '{"__REALTIME_TIMESTAMP":"soon"}']) {
      assert.equal(parseJournalLine(line), undefined, line)
    }
  })
})
