import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PublicPurchase } from '@pc2/core'
import { ApiError } from '../src/lib/api.ts'
import { awaitDelivery } from '../src/lib/await-delivery.ts'
import type { AwaitDeliveryOptions, ChainView } from '../src/lib/await-delivery.ts'

const record = (fields: Partial<PublicPurchase>): PublicPurchase => ({
  purchaseId: '1', listingId: '1', state: 'pending', deadline: 1000, sealedKey: null, deliveryTransaction: null, ...fields
})
const notSeen = new ApiError({ name: 'PurchaseNotFoundError', message: 'not seen yet', status: 404 })
const down = new ApiError({ name: 'UnavailableError', message: 'pc2-shop is not running', status: 503 })

/** A clock that moves only when the waiter waits. */
function setUp (answers: Array<PublicPurchase | Error>, chain: ChainView[], overrides: Partial<AwaitDeliveryOptions> = {}) {
  let clock = 0
  const calls = { fetch: 0, chain: 0, reachable: [] as boolean[] }
  const options: AwaitDeliveryOptions = {
    purchaseId: '1',
    deadline: 1000,
    now: () => clock,
    wait: async (ms) => { clock += ms },
    fetchPurchase: async () => {
      calls.fetch++
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!
      if (answer instanceof Error) throw answer
      return answer
    },
    readChain: async () => { calls.chain++; return chain.length > 1 ? chain.shift()! : chain[0]! },
    readDeliveredKey: async () => '0xfromchain',
    onWaiting: ({ nodeReachable }) => { calls.reachable.push(nodeReachable) },
    ...overrides
  }
  return { options, calls, clock: () => clock }
}

const pendingOnChain: ChainView = { state: 'pending', overdue: false, deadline: 1000 }

describe('awaitDelivery', () => {
  it('polls the node until the sealed key is there; a 404 (not seen yet) is an answering node', async () => {
    const { options, calls } = setUp([notSeen, record({}), record({ state: 'delivered', sealedKey: '0xsealed' })], [pendingOnChain])
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xsealed' })
    assert.equal(calls.fetch, 3)
    assert.deepEqual(calls.reachable, [true, true])
  })

  it('reads the key from the chain when the node is down but the delivery happened', async () => {
    const { options, calls } = setUp([down], [pendingOnChain, { state: 'delivered', overdue: false, deadline: 1000 }], { chainCheckMs: 2000, pollMs: 500 })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xfromchain' })
    assert.equal(calls.chain, 2)
    assert.ok(calls.reachable.every((reachable) => !reachable))
  })

  it('ends overdue once the chain says the deadline passed, asking it more often after the local deadline', async () => {
    const overdue: ChainView = { state: 'pending', overdue: true, deadline: 1000 }
    const { options, calls, clock } = setUp([record({ deadline: 2 })], [pendingOnChain, pendingOnChain, overdue], { deadline: 2, chainCheckMs: 60_000, pollMs: 500 })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'overdue', deadline: 1000 })
    assert.equal(calls.chain, 3)
    assert.ok(clock() < 60_000, 'did not wait for the slow chain check')
  })

  it('asks the chain when the node says expired, and ends refunded when either says so', async () => {
    const expired = setUp([record({ state: 'expired' })], [{ state: 'pending', overdue: true, deadline: 1000 }])
    assert.equal((await awaitDelivery(expired.options)).outcome, 'overdue')
    const byNode = setUp([record({ state: 'refunded' })], [pendingOnChain])
    assert.deepEqual(await awaitDelivery(byNode.options), { outcome: 'refunded' })
    const byChain = setUp([down], [{ state: 'refunded', overdue: false, deadline: 1000 }], { chainCheckMs: 0 })
    assert.deepEqual(await awaitDelivery(byChain.options), { outcome: 'refunded' })
  })

  it('keeps waiting through a failing chain read, and stops when aborted', async () => {
    const controller = new AbortController()
    let reads = 0
    const { options } = setUp([record({})], [pendingOnChain], {
      chainCheckMs: 0,
      signal: controller.signal,
      readChain: async () => {
        if (++reads === 3) controller.abort()
        throw new Error('RPC hiccup')
      }
    })
    await assert.rejects(awaitDelivery(options), { name: 'AbortError' })
    assert.equal(reads, 3)
  })
})
