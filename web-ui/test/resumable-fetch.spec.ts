import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { rangeStart, resumableFetch } from '../src/lib/resumable-fetch.ts'
import { randomBytes } from './helpers/fake-upload-node.ts'
import { fakeGateway } from './helpers/fake-gateway.ts'

async function readAll (stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

const noWait = async (): Promise<void> => {}

describe('resumable fetch', () => {
  it('passes the body through and reports its length', async () => {
    const bytes = randomBytes(200_000)
    const gateway = fakeGateway(bytes)
    const body = await resumableFetch('/ipfs/x', { fetch: gateway.fetch, wait: noWait })
    assert.equal(body.totalBytes, bytes.byteLength)
    assert.deepEqual(await readAll(body.stream), bytes)
    assert.deepEqual(gateway.requests, [{ url: '/ipfs/x', range: null }])
  })

  it('continues a broken body with a range request from the byte it stopped at', async () => {
    const bytes = randomBytes(300_000)
    const gateway = fakeGateway(bytes)
    gateway.breakAfter.push(120_000, 30_000)
    const resumed: number[] = []
    const body = await resumableFetch('/ipfs/x', { fetch: gateway.fetch, wait: noWait, onResume: (received) => { resumed.push(received) } })
    assert.deepEqual(await readAll(body.stream), bytes)
    assert.deepEqual(gateway.requests.map((request) => request.range), [null, 'bytes=120000-', 'bytes=150000-'])
    assert.deepEqual(resumed, [120_000, 150_000])
  })

  it('treats a body that stops delivering as broken, and continues it', async () => {
    const bytes = randomBytes(200_000)
    const gateway = fakeGateway(bytes)
    gateway.stallAfter.push(70_000)
    const body = await resumableFetch('/ipfs/x', { fetch: gateway.fetch, wait: noWait, stallTimeoutMs: 50 })
    assert.deepEqual(await readAll(body.stream), bytes)
    assert.deepEqual(gateway.requests.map((request) => request.range), [null, 'bytes=70000-'])
  })

  it('gives up after the set number of breaks', async () => {
    const gateway = fakeGateway(randomBytes(100_000))
    gateway.breakAfter.push(10, 10, 10)
    const body = await resumableFetch('/ipfs/x', { fetch: gateway.fetch, wait: noWait, maxResumes: 2 })
    await assert.rejects(readAll(body.stream), { name: 'NetworkError' })
  })

  it('never splices in a reply that is not the range asked for', async () => {
    const gateway = fakeGateway(randomBytes(100_000), { ignoreRange: true })
    gateway.breakAfter.push(5000)
    const body = await resumableFetch('/ipfs/x', { fetch: gateway.fetch, wait: noWait })
    await assert.rejects(readAll(body.stream), (error: Error) => error.name === 'NetworkError' && /byte 5000/.test(error.message))
  })

  it('turns an error reply into a named error, and no answer into NetworkError', async () => {
    await assert.rejects(resumableFetch('/ipfs/x', { fetch: fakeGateway(undefined).fetch }), { name: 'BlockNotFoundError', status: 404 })
    await assert.rejects(resumableFetch('/ipfs/x', { fetch: fakeGateway(undefined, { status: 400, errorName: 'InvalidCidError' }).fetch }), { name: 'InvalidCidError', status: 400 })
    await assert.rejects(resumableFetch('/ipfs/x', { fetch: async () => { throw new TypeError('Failed to fetch') } }), { name: 'NetworkError' })
  })

  it('reads Content-Range', () => {
    assert.equal(rangeStart('bytes 100-199/200'), 100)
    assert.equal(rangeStart('bytes 0-0/*'), 0)
    assert.equal(rangeStart('bytes */200'), undefined)
    assert.equal(rangeStart(null), undefined)
  })
})
