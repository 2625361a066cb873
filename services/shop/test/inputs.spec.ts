// What a listing request may carry: every refusal is an InvalidInputError whose details name
// the field and what it expects, before the vault or the chain is asked anything.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { address, limits, parseCreateListing, parseId, parseUpdateListing } from '../src/inputs.ts'

const valid = { cid: 'bafkreigh2akiscaildc', title: ' Album ', price: '1000', commissionBps: 1500 }

function refusedField (action: () => unknown): string {
  try {
    action()
  } catch (error) {
    assert.equal((error as Error).name, 'InvalidInputError')
    return String((error as { details?: { field?: unknown } }).details?.field)
  }
  assert.fail('expected an InvalidInputError')
}

describe('parseCreateListing', () => {
  it('takes a minimal listing: ETH, trimmed title, empty description, a day to deliver', () => {
    assert.deepEqual(parseCreateListing(valid), {
      cid: valid.cid, title: 'Album', description: '', price: 1000n, token: null, commissionBps: 1500, deliveryWindowSeconds: limits.defaultDeliveryWindow
    })
  })

  it('takes an ERC-20 token and checksums its address', () => {
    const token = '0x5fbdb2315678afecb367f032d93f642f64180aa3'
    assert.equal(parseCreateListing({ ...valid, token }).token, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
  })

  it('accepts the bounds: commission 0 and 10000, window 60 s and 30 days', () => {
    for (const commissionBps of [0, 10_000]) assert.equal(parseCreateListing({ ...valid, commissionBps }).commissionBps, commissionBps)
    for (const deliveryWindowSeconds of [60, 2_592_000]) assert.equal(parseCreateListing({ ...valid, deliveryWindowSeconds }).deliveryWindowSeconds, deliveryWindowSeconds)
  })

  const refusals: Array<[string, Record<string, unknown>, string]> = [
    ['a missing cid', { ...valid, cid: undefined }, 'cid'],
    ['a blank title', { ...valid, title: '   ' }, 'title'],
    ['a title too long', { ...valid, title: 'x'.repeat(limits.titleLength + 1) }, 'title'],
    ['a price of 0', { ...valid, price: '0' }, 'price'],
    ['a price as a number (it would lose precision)', { ...valid, price: 1000 }, 'price'],
    ['a price with a fraction', { ...valid, price: '1.5' }, 'price'],
    ['a price above 2^256', { ...valid, price: (2n ** 256n).toString() }, 'price'],
    ['a commission above 10000', { ...valid, commissionBps: 10_001 }, 'commissionBps'],
    ['a fractional commission', { ...valid, commissionBps: 1.5 }, 'commissionBps'],
    ['a window under a minute', { ...valid, deliveryWindowSeconds: 59 }, 'deliveryWindowSeconds'],
    ['a token that is not an address', { ...valid, token: 'USDC' }, 'token'],
    ['an unknown field', { ...valid, seller: '0x0000000000000000000000000000000000000001' }, 'seller']
  ]
  for (const [what, body, field] of refusals) {
    it(`refuses ${what}, naming ${field}`, () => {
      assert.equal(refusedField(() => parseCreateListing(body)), field)
    })
  }

  it('refuses a body that is not an object', () => {
    assert.equal(refusedField(() => parseCreateListing([valid])), 'body')
  })
})

describe('parseUpdateListing', () => {
  it('keeps only what was given', () => {
    assert.deepEqual(parseUpdateListing({ paused: true }), { paused: true })
    assert.deepEqual(parseUpdateListing({ price: '5', commissionBps: 0 }), { price: 5n, commissionBps: 0 })
  })

  it('refuses a change of nothing, a paused that is not boolean, and fields it cannot change', () => {
    assert.equal(refusedField(() => parseUpdateListing({})), 'body')
    assert.equal(refusedField(() => parseUpdateListing({ paused: 'yes' })), 'paused')
    assert.equal(refusedField(() => parseUpdateListing({ cid: 'bafy' })), 'cid')
  })
})

describe('ids and addresses', () => {
  it('takes positive decimal ids only', () => {
    assert.equal(parseId('listingId', '42'), 42n)
    for (const text of ['0', '042', '-1', '1e3', '', 'x']) assert.equal(refusedField(() => parseId('listingId', text)), 'listingId')
  })

  it('checksums an address and refuses anything else', () => {
    assert.equal(address('x-pc2-owner', '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'), '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    assert.equal(refusedField(() => address('x-pc2-owner', undefined)), 'x-pc2-owner')
    assert.equal(refusedField(() => address('x-pc2-owner', '0x1234')), 'x-pc2-owner')
  })
})
