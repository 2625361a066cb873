import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { listenOnTcp } from '../../src/index.ts'

const listen = async (server: Parameters<typeof listenOnTcp>[0], host: string, port: number, signal?: AbortSignal): Promise<string> =>
  (await listenOnTcp(server, host, port, signal === undefined ? {} : { signal })).host

describe('listenOnTcp', () => {
  it('listens and reports the host it used', async () => {
    const server = createServer()
    try {
      assert.equal(await listen(server, '127.0.0.1', 0), '127.0.0.1')
      assert.ok((server.address() as AddressInfo).port > 0)
    } finally {
      server.close()
    }
  })

  it('names the address and the reason when the port is taken', async () => {
    const first = createServer()
    await listen(first, '127.0.0.1', 0)
    const { port } = first.address() as AddressInfo
    try {
      await assert.rejects(listen(createServer(), '127.0.0.1', port), (error: Error & { details?: Record<string, unknown> }) => {
        assert.equal(error.name, 'UnavailableError')
        assert.equal(error.message, `cannot listen on 127.0.0.1:${port}: EADDRINUSE`)
        assert.deepEqual(error.details, { host: '127.0.0.1', port, code: 'EADDRINUSE' })
        return true
      })
    } finally {
      first.close()
    }
  })

  it('does not start listening once the start was cancelled', async () => {
    const server = createServer()
    const controller = new AbortController()
    controller.abort()
    await assert.rejects(listen(server, '127.0.0.1', 0, controller.signal), { name: 'AbortError' })
    assert.equal(server.listening, false)
  })

  it('keeps serving after the start signal aborts later', async () => {
    const server = createServer()
    const controller = new AbortController()
    await listen(server, '127.0.0.1', 0, controller.signal)
    controller.abort()
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(server.listening, true)
    server.close()
    await once(server, 'close')
  })
})
