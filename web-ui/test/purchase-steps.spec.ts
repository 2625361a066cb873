import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { forgetPendingPurchase, pendingPurchaseKey, purchaseSteps, readPendingPurchase, savePendingPurchase } from '../src/lib/purchase-steps.ts'
import type { PurchasePhase } from '../src/lib/purchase-steps.ts'

const states = (phase: PurchasePhase): string => purchaseSteps(phase, (seconds) => `t${seconds}`).map((step) => step.state[0]).join('')
const labels = (phase: PurchasePhase): string[] => purchaseSteps(phase, (seconds) => `t${seconds}`).map((step) => step.label)

describe('purchase steps', () => {
  it('goes paid → waiting → key → downloading → decrypting → saved', () => {
    assert.equal(states({ phase: 'idle' }), 'tttttt')
    assert.equal(states({ phase: 'signing' }), 'attttt')
    assert.equal(states({ phase: 'waiting', purchaseId: '1', deadline: 100 }), 'datttt')
    assert.equal(states({ phase: 'key', purchaseId: '1' }), 'ddattt')
    assert.equal(states({ phase: 'downloading', purchaseId: '1', percent: 40 }), 'dddatt')
    assert.equal(states({ phase: 'decrypting', purchaseId: '1' }), 'dddda' + 't')
    assert.equal(states({ phase: 'done', purchaseId: '1' }), 'dddddd')
  })

  it('says what the wallet asks for now, and what is done in the past tense', () => {
    assert.match(labels({ phase: 'signing' })[0]!, /sign the buyer-key message/)
    assert.match(labels({ phase: 'paying' })[0]!, /confirm the payment in your wallet/)
    assert.match(labels({ phase: 'paying', transaction: '0xab' })[0]!, /waiting for the payment to confirm/)
    assert.deepEqual(labels({ phase: 'downloading', purchaseId: '1', percent: 40 }).slice(0, 4), [
      'Paid', 'Delivered by the seller\'s node', 'Key received and checked', 'Downloading 40%'
    ])
    assert.deepEqual(labels({ phase: 'done', purchaseId: '1' }), [
      'Paid', 'Delivered by the seller\'s node', 'Key received and checked', 'Downloaded', 'Decrypted and verified', 'Saved'
    ])
  })

  it('names the deadline while waiting, says when the node does not answer, and marks a missed delivery', () => {
    assert.match(labels({ phase: 'waiting', purchaseId: '1', deadline: 100 })[1]!, /Waiting for the seller's node to deliver the key \(by t100\)/)
    assert.match(labels({ phase: 'waiting', purchaseId: '1', deadline: 100, nodeReachable: false })[1]!, /does not answer right now/)
    assert.equal(states({ phase: 'expired', purchaseId: '1', deadline: 100 }), 'dftttt')
    assert.match(labels({ phase: 'expired', purchaseId: '1', deadline: 100 })[1]!, /did not deliver in time \(by t100\): you can take your money back/)
    assert.match(labels({ phase: 'refunded', purchaseId: '1' })[1]!, /Refunded/)
  })

  it('marks the failed step: paying, waiting, or where the download broke off', () => {
    assert.equal(states({ phase: 'failed', error: new Error('x') }), 'fttttt')
    assert.equal(states({ phase: 'failed', error: new Error('x'), purchaseId: '1' }), 'dftttt')
    assert.equal(states({ phase: 'failed', error: new Error('x'), purchaseId: '1', step: 'download' }), 'dddftt')
  })

  it('remembers a paid purchase per contract and listing, and ignores anything malformed', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => { store.set(key, value) }, removeItem: (key: string) => { store.delete(key) } }
    const key = pendingPurchaseKey('7')
    assert.equal(key, 'pc2-shop-purchase:7')
    assert.equal(readPendingPurchase(storage, key), undefined)
    savePendingPurchase(storage, key, { purchaseId: '12', buyer: '0x01' })
    assert.deepEqual(readPendingPurchase(storage, key), { purchaseId: '12', buyer: '0x01' })
    const listing = { listingId: '7', contract: '0xabc', chainId: 31337, cid: 'bafy', keyCommitment: '0x12', price: '1', title: 'Song' } as never
    savePendingPurchase(storage, key, { purchaseId: '12', buyer: '0x01', listing })
    assert.deepEqual(readPendingPurchase(storage, key), { purchaseId: '12', buyer: '0x01', listing })
    store.set(key, JSON.stringify({ purchaseId: '12', buyer: '0x01', listing: { title: 'no contract' } }))
    assert.deepEqual(readPendingPurchase(storage, key), { purchaseId: '12', buyer: '0x01' }, 'a malformed listing is dropped')
    forgetPendingPurchase(storage, key)
    assert.equal(readPendingPurchase(storage, key), undefined)
    for (const value of ['{', '"12"', '{"purchaseId":"x","buyer":"0x01"}', '{"purchaseId":"1"}']) {
      store.set(key, value)
      assert.equal(readPendingPurchase(storage, key), undefined, value)
    }
    const full = { setItem: () => { throw new Error('QuotaExceededError') } }
    savePendingPurchase(full, key, { purchaseId: '1', buyer: '0x01' })
  })
})
