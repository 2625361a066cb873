import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseWagiResponse, wagiEnvironment } from '../src/wagi.ts'

const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const request = { method: 'POST', scriptName: '/apps/notes', pathInfo: '/a b', query: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'pc2_session=secret', 'X-Forwarded-For': '1.2.3.4', 'User-Agent': 'test' }, remoteAddress: '192.168.1.9', serverName: 'pc2.local', serverPort: 80, bodyLength: 12 }

describe('WAGI', () => {
  it('puts the request in CGI variables, never the owner\'s cookie', () => {
    const env = wagiEnvironment(request, { TITLE: 'mine', REQUEST_METHOD: 'forged' })
    assert.equal(env.REQUEST_METHOD, 'POST')
    assert.equal(env.SCRIPT_NAME, '/apps/notes')
    assert.equal(env.PATH_INFO, '/a b')
    assert.equal(env.QUERY_STRING, 'x=1')
    assert.equal(env.CONTENT_LENGTH, '12')
    assert.equal(env.CONTENT_TYPE, 'application/x-www-form-urlencoded')
    assert.equal(env.HTTP_USER_AGENT, 'test')
    assert.equal(env.TITLE, 'mine')
    assert.equal(env.HTTP_COOKIE, undefined)
    assert.ok(!Object.values(env).some((value) => value.includes('secret')))
  })

  it('parses a CGI response, with LF or CRLF', () => {
    const response = parseWagiResponse(encode('Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nnope'))
    assert.equal(response.status, 404)
    assert.deepEqual(response.headers, [['Content-Type', 'text/plain']])
    assert.equal(new TextDecoder().decode(response.body), 'nope')
    assert.equal(parseWagiResponse(encode('Content-Type: text/html\n\n<p>')).status, 200)
    assert.equal(parseWagiResponse(encode('Location: /apps/notes/x\n\n')).status, 302)
  })

  it('drops headers that belong to the node', () => {
    const response = parseWagiResponse(encode('Content-Type: text/plain\nSet-Cookie: pc2_session=stolen\nContent-Length: 9999\n\nok'))
    assert.deepEqual(response.headers, [['Content-Type', 'text/plain']])
  })

  const refusals: Array<[string, string]> = [
    ['no header block', 'just text'],
    ['a header without colon', 'Content-Type text/html\n\n'],
    ['a bad status', 'Status: 99 Odd\n\n'],
    ['a redirect elsewhere', 'Location: javascript:alert(1)\n\n'],
    ['no status or type', 'X-Thing: 1\n\n'],
    ['header injection', 'Content-Type: text/html\rSet-Cookie: a=b\n\n']
  ]
  for (const [what, output] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(() => parseWagiResponse(encode(output)), { name: 'BadAppResponseError' })
    })
  }
})
