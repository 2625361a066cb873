import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createProgress } from '../src/progress.ts'

function fakeOutput (isTTY: boolean): { text: () => string, write: (text: string) => void, isTTY: boolean } {
  let text = ''
  return { text: () => text, write: (chunk) => { text += chunk }, isTTY }
}

describe('progress', () => {
  it('rewrites one line on a terminal, at most every 100 ms, and ends it with the summary', () => {
    let time = 0
    const output = fakeOutput(true)
    const progress = createProgress({ label: 'upload', total: 10 * 1024 * 1024, output, now: () => time })
    time = 1000
    progress.update(1024 * 1024)
    time = 1050
    progress.update(2 * 1024 * 1024)
    time = 2000
    progress.update(5 * 1024 * 1024)
    progress.finish('uploaded a.bin')
    assert.equal(output.text(),
      '\r\x1b[Kupload  10% 1.0 MiB of 10.0 MiB 1.0 MiB/s' +
      '\r\x1b[Kupload  50% 5.0 MiB of 10.0 MiB 2.5 MiB/s' +
      '\r\x1b[Kuploaded a.bin (5.0 MiB in 2.0 s, 2.5 MiB/s)\n')
  })

  it('writes a plain line every few seconds elsewhere', () => {
    let time = 0
    const output = fakeOutput(false)
    const progress = createProgress({ label: 'download', output, now: () => time, intervalMs: 5000 })
    for (time = 1000; time <= 12_000; time += 1000) progress.update(time * 1024, 12_000 * 1024)
    assert.deepEqual(output.text().split('\n'), [
      'download   8% 1.0 MiB of 11.7 MiB 1.0 MiB/s',
      'download  50% 5.9 MiB of 11.7 MiB 1.0 MiB/s',
      'download  91% 10.7 MiB of 11.7 MiB 1.0 MiB/s',
      ''
    ])
  })

  it('keeps notes on their own lines and clears the bar before an error', () => {
    let time = 0
    const output = fakeOutput(true)
    const progress = createProgress({ label: 'upload', total: 100, output, now: () => time })
    time = 500
    progress.update(50)
    progress.note('pc2: retrying')
    progress.abandon()
    assert.equal(output.text(), '\r\x1b[Kupload  50% 0.0 MiB of 0.0 MiB 0.0 MiB/s\r\x1b[Kpc2: retrying\n')
  })
})
