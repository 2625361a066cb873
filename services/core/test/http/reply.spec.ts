import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { errorReply, InvalidInputError, jsonReply, MethodNotAllowedError, NotFoundError, RangeNotSatisfiableError, TooManyRequestsError, UnavailableError } from '../../src/index.ts'
import type { JsonReply } from '../../src/index.ts'

const text = (reply: JsonReply): string => JSON.stringify(reply.json)
const fail = (error: unknown): ReturnType<typeof errorReply> => errorReply(error, { service: 'pc2-test' })

describe('replies', () => {
  it('holds a JSON reply as its value and status', () => {
    const reply = jsonReply({ a: 1 }, 201)
    assert.equal(reply.status, 201)
    assert.deepEqual(reply.json, { a: 1 })
  })

  it('shows Pc2Errors by name, message and status', () => {
    const { reply, unexpected } = fail(new UnavailableError('ipfs is starting'))
    assert.equal(unexpected, false)
    assert.equal(reply.status, 503)
    assert.deepEqual(JSON.parse(text(reply)), { error: { name: 'UnavailableError', message: 'ipfs is starting' } })
    assert.equal(fail(new NotFoundError('x')).reply.status, 404)
  })

  it('sets Allow on a 405', () => {
    const { reply } = fail(new MethodNotAllowedError('no', { details: { allow: ['GET', 'HEAD'] } }))
    assert.equal(reply.status, 405)
    assert.deepEqual(reply.headers, { Allow: 'GET, HEAD' })
  })

  it('hides everything about an unexpected error, naming the log that has it', () => {
    const secret = new Error('ENOENT: /secret/path')
    const { reply, unexpected } = fail(secret)
    assert.equal(unexpected, true)
    assert.equal(reply.status, 500)
    const body = JSON.parse(text(reply)) as { error: { name: string, message: string } }
    assert.equal(body.error.name, 'InternalError')
    assert.match(body.error.message, /pc2-test log/)
    assert.ok(!text(reply).includes('/secret/path'))
    assert.ok(!text(reply).includes('at '))
  })

  it('sets Retry-After on a 429 and Content-Range on a 416', () => {
    const { reply } = fail(new TooManyRequestsError('slow down', { details: { retryAfterSeconds: 42 } }))
    assert.equal(reply.status, 429)
    assert.deepEqual(reply.headers, { 'Retry-After': '42' })
    const range = fail(new RangeNotSatisfiableError('past the end', { details: { size: 1000 } })).reply
    assert.deepEqual(range.headers, { 'Content-Range': 'bytes */1000' })
  })

  it('shows every detail by default, and only what the server allows when it says', () => {
    const input = new InvalidInputError('lines: bad', { details: { parameter: 'lines' } })
    const down = new UnavailableError('down', { details: { file: '/secret/path' } })
    assert.deepEqual(fail(down).reply.json.error.details, { file: '/secret/path' })
    const clientErrorsOnly = (error: unknown): ReturnType<typeof errorReply> => errorReply(error, { service: 'pc2-test', showDetails: (status) => status < 500 })
    assert.deepEqual(clientErrorsOnly(input).reply.json.error.details, { parameter: 'lines' })
    assert.ok(!text(clientErrorsOnly(down).reply).includes('/secret/path'))
  })
})
