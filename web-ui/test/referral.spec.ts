import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseReferral, promoterPageLink, referralLink, storefrontLink } from '../src/lib/referral.ts'

const promoter = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'

describe('referral links', () => {
  it('makes the listing link, the referral link with a checksummed ref, and the promoter page', () => {
    assert.equal(storefrontLink('http://pc2.local/', '7'), 'http://pc2.local/shop/7')
    assert.equal(referralLink('http://pc2.local', '7', ` ${promoter.toLowerCase()} `), `http://pc2.local/shop/7?ref=${promoter}`)
    assert.equal(promoterPageLink('http://pc2.local/', promoter.toLowerCase()), `http://pc2.local/shop/promoters/${promoter}`)
  })

  it('refuses to make a referral link for anything but an address', () => {
    for (const text of ['', 'alice.eth', '0x1234', `${promoter}00`]) {
      assert.throws(() => referralLink('http://pc2.local', '7', text), { name: 'InvalidReferralError' })
    }
  })

  it('reads ?ref= back: none, a checksummed promoter, or a reported bad value', () => {
    assert.deepEqual(parseReferral(''), { kind: 'none' })
    assert.deepEqual(parseReferral('?ref='), { kind: 'none' })
    assert.deepEqual(parseReferral('?utm=x'), { kind: 'none' })
    assert.deepEqual(parseReferral(`?ref=${promoter.toLowerCase()}`), { kind: 'valid', promoter })
    assert.deepEqual(parseReferral(`?x=1&ref=${promoter}`), { kind: 'valid', promoter })
    assert.deepEqual(parseReferral('?ref=alice.eth'), { kind: 'invalid', text: 'alice.eth' })
    assert.deepEqual(parseReferral('?ref=0x12'), { kind: 'invalid', text: '0x12' })
  })

  it('treats the zero address as nobody', () => {
    assert.deepEqual(parseReferral(`?ref=0x${'0'.repeat(40)}`), { kind: 'none' })
  })

  it('reads back the links it makes', () => {
    const link = new URL(referralLink('http://pc2.local', '12', promoter))
    assert.equal(link.pathname, '/shop/12')
    assert.deepEqual(parseReferral(link.search), { kind: 'valid', promoter })
  })
})
