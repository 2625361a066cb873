import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { errorReply, InvalidInputError, UnavailableError } from '@pc2/core'
import { showsErrorDetails } from '../src/headers.ts'
import { escapeHtml } from '../src/pages/html.ts'

const text = (error: unknown): string => JSON.stringify(errorReply(error, { service: 'pc2-admin', showDetails: showsErrorDetails }).reply.json)

describe('what pc2-admin shows', () => {
  it('shows the details of a refused input, and only of those', () => {
    assert.deepEqual(JSON.parse(text(new InvalidInputError('lines: bad', { details: { parameter: 'lines', expected: '1 to 1000' } }))), {
      error: { name: 'InvalidInputError', message: 'lines: bad', details: { parameter: 'lines', expected: '1 to 1000' } }
    })
    assert.ok(!text(new UnavailableError('down', { details: { file: '/secret/path' } })).includes('/secret/path'))
  })

  it('escapes HTML', () => {
    assert.equal(escapeHtml('<a href="x">&\'</a>'), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;')
  })
})
