import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ciphertextSize, concat, decodeFileKey, FileDecryptor, loadSodiumWrappersBackend } from '@pc2/core/file-format'
import { cleanMediaType, uploadFile } from '../src/lib/upload-file.ts'
import { FakeUploadNode, randomBytes } from './helpers/fake-upload-node.ts'

describe('uploading a file', () => {
  it('sends the file encrypted under a fresh key, which the completing call hands over', async () => {
    const plaintext = randomBytes(3 * 1024 * 1024 + 77)
    const node = new FakeUploadNode()
    // Break the connection twice on the way; the file must still arrive whole.
    node.faults.put.push({ kind: 'drop', keepBytes: 1_000_003 })
    node.faults.put.push({ kind: 'unreachable' })
    const file = new File([plaintext], '../etc/report 2025.pdf', { type: 'application/pdf' })
    const result = await uploadFile(file, { transport: node, wait: async () => {} })
    const session = node.session()
    assert.equal(session.size, ciphertextSize(plaintext.byteLength))
    assert.deepEqual(session.record?.metadata, { name: 'report 2025.pdf', type: 'application/pdf', size: plaintext.byteLength })
    assert.equal(result.name, 'report 2025.pdf')

    const decryptor = new FileDecryptor(await loadSodiumWrappersBackend(), decodeFileKey(session.record?.key ?? ''))
    const out = concat([...decryptor.update(session.bytes), ...decryptor.final()])
    assert.deepEqual(out, plaintext)
    assert.equal(decryptor.metadata?.name, 'report 2025.pdf')
  })

  it('uses a different key for every file', async () => {
    const node = new FakeUploadNode()
    await uploadFile(new File(['same'], 'a.txt'), { transport: node })
    await uploadFile(new File(['same'], 'a.txt'), { transport: node })
    assert.notEqual(node.session('u1').record?.key, node.session('u2').record?.key)
    assert.notDeepEqual(node.session('u1').bytes, node.session('u2').bytes)
  })

  it('keeps media types the file format keeps, and says octet-stream otherwise', () => {
    assert.equal(cleanMediaType('image/png'), 'image/png')
    assert.equal(cleanMediaType(''), 'application/octet-stream')
    assert.equal(cleanMediaType('text/plain; charset=utf-8'), 'application/octet-stream')
  })
})
