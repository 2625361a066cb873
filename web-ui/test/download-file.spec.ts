import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { concat, encodeFileKey, FileEncryptor, generateFileKey, loadSodiumWrappersBackend } from '@pc2/core/file-format'
import { describeDownloadProblem } from '../src/lib/download-errors.ts'
import { collectBlob, downloadSharedFile } from '../src/lib/download-file.ts'
import { randomBytes } from './helpers/fake-upload-node.ts'
import { fakeGateway } from './helpers/fake-gateway.ts'

const cid = `bafkrei${'a'.repeat(52)}`

async function encrypt (plaintext: Uint8Array, name: string): Promise<{ ciphertext: Uint8Array, key: Uint8Array }> {
  const backend = await loadSodiumWrappersBackend()
  const key = generateFileKey(backend)
  const encryptor = new FileEncryptor(backend, key, { name, type: 'text/plain', size: plaintext.byteLength })
  return { ciphertext: concat([...encryptor.update(plaintext), ...encryptor.final()]), key }
}

const linkFor = (key: Uint8Array): string => `http://pc2.local/f/${cid}#k=${encodeFileKey(key)}`

describe('downloading a shared file', () => {
  it('decrypts as it streams, announces the metadata, and returns the whole file', async () => {
    const plaintext = randomBytes(1024 * 1024 + 5)
    const { ciphertext, key } = await encrypt(plaintext, 'notes.txt')
    const gateway = fakeGateway(ciphertext)
    const progress: Array<[number, number | undefined]> = []
    let announced: string | undefined
    const { blob, metadata } = await downloadSharedFile(linkFor(key), {
      fetch: gateway.fetch,
      onMetadata: (found) => { announced = found.name },
      onProgress: (received, total) => { progress.push([received, total]) }
    })
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), plaintext)
    assert.equal(blob.type, 'text/plain')
    assert.deepEqual(metadata, { name: 'notes.txt', type: 'text/plain', size: plaintext.byteLength })
    assert.equal(announced, 'notes.txt')
    assert.deepEqual(progress.at(-1), [ciphertext.byteLength, ciphertext.byteLength])
    // The key never leaves: the only request is for the CID.
    assert.deepEqual(gateway.requests.map((request) => request.url), [`/ipfs/${cid}`])
  })

  it('carries on after the connection breaks', async () => {
    const plaintext = randomBytes(500_000)
    const { ciphertext, key } = await encrypt(plaintext, 'a.bin')
    const gateway = fakeGateway(ciphertext)
    gateway.breakAfter.push(200_001)
    const { blob } = await downloadSharedFile(linkFor(key), { fetch: gateway.fetch, wait: async () => {} })
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), plaintext)
    assert.equal(gateway.requests[1]?.range, 'bytes=200001-')
  })

  it('tells a wrong key, a damaged file, a cut-off file and a file of another kind apart', async () => {
    const plaintext = randomBytes(300_000)
    const { ciphertext, key } = await encrypt(plaintext, 'a.bin')
    const other = await encrypt(plaintext, 'a.bin')
    await assert.rejects(downloadSharedFile(linkFor(other.key), { fetch: fakeGateway(ciphertext).fetch }), { name: 'WrongKeyError' })

    const tampered = ciphertext.slice()
    tampered[200_000] = (tampered[200_000] ?? 0) ^ 1
    await assert.rejects(downloadSharedFile(linkFor(key), { fetch: fakeGateway(tampered).fetch }), { name: 'TamperedFileError' })

    await assert.rejects(downloadSharedFile(linkFor(key), { fetch: fakeGateway(ciphertext.subarray(0, 150_000)).fetch }), { name: 'TruncatedFileError' })
    await assert.rejects(downloadSharedFile(linkFor(key), { fetch: fakeGateway(ciphertext.subarray(0, 10)).fetch }), { name: 'TruncatedFileError' })
    await assert.rejects(downloadSharedFile(linkFor(key), { fetch: fakeGateway(randomBytes(5000)).fetch }), { name: 'NotEncryptedFileError' })
  })

  it('refuses a malformed link before asking the node anything', async () => {
    const gateway = fakeGateway(randomBytes(10))
    await assert.rejects(downloadSharedFile(`http://pc2.local/f/${cid}`, { fetch: gateway.fetch }), { name: 'InvalidShareLinkError' })
    await assert.rejects(downloadSharedFile(`http://pc2.local/f/${cid}#k=short`, { fetch: gateway.fetch }), { name: 'InvalidShareLinkError' })
    await assert.rejects(downloadSharedFile(`http://pc2.local/f/not-a-cid#k=${'A'.repeat(43)}`, { fetch: gateway.fetch }), { name: 'InvalidShareLinkError' })
    assert.equal(gateway.requests.length, 0)
  })

  it('reports a file the node does not have', async () => {
    const { key } = await encrypt(randomBytes(10), 'a')
    await assert.rejects(downloadSharedFile(linkFor(key), { fetch: fakeGateway(undefined).fetch }), { name: 'BlockNotFoundError', status: 404 })
  })

  it('collects a stream into one Blob', async () => {
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(3)]
    const blob = await collectBlob(new Blob(parts).stream(), 'x/y')
    assert.equal(blob.type, 'x/y')
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), concat(parts))
  })
})

describe('download problems in plain words', () => {
  const named = (name: string, status?: number): Error => Object.assign(new Error('x'), { name, status })

  it('has its own message for every failure the page can meet', () => {
    const names = ['InvalidShareLinkError', 'WrongKeyError', 'TamperedFileError', 'TruncatedFileError', 'NotEncryptedFileError', 'UnsupportedFormatError', 'BlockNotFoundError', 'InvalidCidError', 'NetworkError']
    const titles = new Set(names.map((name) => describeDownloadProblem(named(name)).title))
    assert.equal(titles.size, names.length)
    assert.match(describeDownloadProblem(named('WrongKeyError')).title, /key/i)
    assert.equal(describeDownloadProblem(named('WrongKeyError')).retry, false)
    assert.equal(describeDownloadProblem(named('TruncatedFileError')).retry, true)
  })

  it('falls back on the HTTP status, then on a general message', () => {
    assert.equal(describeDownloadProblem(named('HttpError', 404)).title, describeDownloadProblem(named('BlockNotFoundError')).title)
    assert.equal(describeDownloadProblem(named('HttpError', 400)).title, describeDownloadProblem(named('InvalidCidError')).title)
    assert.equal(describeDownloadProblem(named('HttpError', 503)).retry, true)
    const other = describeDownloadProblem(new TypeError('boom'))
    assert.equal(other.name, 'TypeError')
    assert.match(other.advice, /Nothing was saved/)
  })
})
