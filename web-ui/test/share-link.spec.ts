import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeFileKey, parseShareLink } from '@pc2/core/file-format'
import { shareLinkFor } from '../src/lib/share-link.ts'

describe('share links', () => {
  it('builds <origin>/f/<cid>#k=<key>, which the file format reads back', () => {
    const key = new Uint8Array(32).map((_, index) => index * 7)
    const cid = `bafybei${'q'.repeat(52)}`
    const link = shareLinkFor('http://pc2.local/', cid, encodeFileKey(key))
    assert.equal(link, `http://pc2.local/f/${cid}#k=${encodeFileKey(key)}`)
    const parsed = parseShareLink(link)
    assert.equal(parsed.origin, 'http://pc2.local')
    assert.equal(parsed.cid, cid)
    assert.deepEqual(parsed.key, key)
  })
})
