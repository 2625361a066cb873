import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MethodNotAllowedError, NotFoundError, UnavailableError } from '@pc2/core'
import { errorReply, escapeHtml, jsonReply } from '../src/http.ts'

describe('http helpers', () => {
  it('serialises JSON replies with the JSON content type', () => {
    const reply = jsonReply({ a: 1 }, 201)
    assert.equal(reply.status, 201)
    assert.equal(reply.contentType, 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(reply.body), { a: 1 })
  })

  it('shows Pc2Errors by name, message and status', () => {
    const { reply, unexpected } = errorReply(new UnavailableError('ipfs is starting'))
    assert.equal(unexpected, false)
    assert.equal(reply.status, 503)
    assert.deepEqual(JSON.parse(reply.body), { error: { name: 'UnavailableError', message: 'ipfs is starting' } })
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
    const body = JSON.parse(reply.body) as { error: { name: string, message: string } }
    assert.equal(body.error.name, 'InternalError')
    assert.ok(!reply.body.includes('/secret/path'))
    assert.ok(!reply.body.includes('at '))
  })

  it('escapes HTML', () => {
    assert.equal(escapeHtml('<a href="x">&\'</a>'), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;')
  })
})
