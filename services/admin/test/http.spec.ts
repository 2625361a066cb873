import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidInputError, MethodNotAllowedError, NotFoundError, TooManyRequestsError, UnavailableError } from '@pc2/core'
import { errorReply, escapeHtml, jsonReply } from '../src/http.ts'
import type { Reply } from '../src/http.ts'

const text = (reply: Reply): string => (typeof reply.body === 'string' ? reply.body : Buffer.from(reply.body).toString('utf8'))

describe('http helpers', () => {
  it('serialises JSON replies with the JSON content type', () => {
    const reply = jsonReply({ a: 1 }, 201)
    assert.equal(reply.status, 201)
    assert.equal(reply.contentType, 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(text(reply)), { a: 1 })
  })

  it('shows Pc2Errors by name, message and status', () => {
    const { reply, unexpected } = errorReply(new UnavailableError('ipfs is starting'))
    assert.equal(unexpected, false)
    assert.equal(reply.status, 503)
    assert.deepEqual(JSON.parse(text(reply)), { error: { name: 'UnavailableError', message: 'ipfs is starting' } })
    assert.equal(errorReply(new NotFoundError('x')).reply.status, 404)
  })

  it('sets Allow on a 405', () => {
    const { reply } = errorReply(new MethodNotAllowedError('no', { details: { allow: ['GET', 'HEAD'] } }))
    assert.equal(reply.status, 405)
    assert.deepEqual(reply.headers, { Allow: 'GET, HEAD' })
  })

  it('hides everything about an unexpected error', () => {
    const secret = new Error('ENOENT: /secret/path')
    const { reply, unexpected } = errorReply(secret)
    assert.equal(unexpected, true)
    assert.equal(reply.status, 500)
    const body = JSON.parse(text(reply)) as { error: { name: string, message: string } }
    assert.equal(body.error.name, 'InternalError')
    assert.ok(!text(reply).includes('/secret/path'))
    assert.ok(!text(reply).includes('at '))
  })

  it('sets Retry-After on a 429', () => {
    const { reply } = errorReply(new TooManyRequestsError('slow down', { details: { retryAfterSeconds: 42 } }))
    assert.equal(reply.status, 429)
    assert.deepEqual(reply.headers, { 'Retry-After': '42' })
  })

  it('shows the details of a refused input, and only of those', () => {
    const input = errorReply(new InvalidInputError('lines: bad', { details: { parameter: 'lines', expected: '1 to 1000' } })).reply
    assert.deepEqual(JSON.parse(text(input)), {
      error: { name: 'InvalidInputError', message: 'lines: bad', details: { parameter: 'lines', expected: '1 to 1000' } }
    })
    const other = errorReply(new UnavailableError('down', { details: { file: '/secret/path' } })).reply
    assert.ok(!text(other).includes('/secret/path'))
  })

  it('escapes HTML', () => {
    assert.equal(escapeHtml('<a href="x">&\'</a>'), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;')
  })
})
