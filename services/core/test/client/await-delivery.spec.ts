import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PublicPurchase } from '../../src/shop-api.ts'
import { awaitDelivery } from '../../src/client/await-delivery.ts'
import type { AwaitDeliveryOptions, ChainView } from '../../src/client/await-delivery.ts'

/** How a client sees the node refuse: its HTTP status travels with the error. */
class NodeAnswer extends Error {
  readonly status: number
  constructor (name: string, status: number) {
    super(name)
    this.name = name
    this.status = status
  }
}

const record = (fields: Partial<PublicPurchase>): PublicPurchase => ({
  purchaseId: '1', listingId: '1', state: 'pending', deadline: 1000, sealedKey: null, deliveryTransaction: null, ...fields
})
const notSeen = new NodeAnswer('PurchaseNotFoundError', 404)
const down = new NodeAnswer('UnavailableError', 503)

/** A clock that moves only when the waiter waits. */
function setUp (answers: Array<PublicPurchase | Error>, chain: ChainView[], overrides: Partial<AwaitDeliveryOptions> = {}) {
  let clock = 0
  const calls = { fetch: 0, chain: 0, reachable: [] as boolean[], chainErrors: [] as unknown[] }
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
    readDelivery: async () => ({ sealedKey: '0xfromchain' }),
    onWaiting: ({ nodeReachable }) => { calls.reachable.push(nodeReachable) },
    onChainError: (error) => { calls.chainErrors.push(error) },
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

  it('hands on the delivery transaction the node names', async () => {
    const { options } = setUp([record({ state: 'delivered', sealedKey: '0xsealed', deliveryTransaction: '0xdeliver' })], [pendingOnChain])
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xsealed', transaction: '0xdeliver' })
  })

  it('reads the key from the chain when the node is down but the delivery happened', async () => {
    const { options, calls } = setUp([down], [pendingOnChain, { state: 'delivered', overdue: false, deadline: 1000 }], { chainCheckMs: 2000, pollMs: 500 })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xfromchain' })
    assert.equal(calls.chain, 2)
    assert.ok(calls.reachable.every((reachable) => !reachable))
  })

  it('says when the node is unreachable and again when it is back, then takes its delivery', async () => {
    const { options, calls } = setUp([down, down, down, record({}), record({ state: 'delivered', sealedKey: '0xsealed' })], [pendingOnChain])
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xsealed' })
    assert.deepEqual(calls.reachable, [false, false, false, true])
  })

  it('ends overdue once the chain says the deadline passed, asking it more often after the local deadline', async () => {
    const overdue: ChainView = { state: 'pending', overdue: true, deadline: 1000 }
    const { options, calls, clock } = setUp([record({ deadline: 2 })], [pendingOnChain, pendingOnChain, overdue], { deadline: 2, chainCheckMs: 60_000, pollMs: 500 })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'overdue', deadline: 1000 })
    assert.equal(calls.chain, 3)
    assert.ok(clock() < 60_000, 'did not wait for the slow chain check')
  })

  it('lets the chain\'s clock decide: a local clock past the deadline is not overdue while the chain says pending', async () => {
    // This device's clock runs ahead: locally the deadline (2 s) passed long ago.
    const chain = [...Array.from({ length: 5 }, () => pendingOnChain), { state: 'delivered', overdue: false, deadline: 1000 } satisfies ChainView]
    const { options, calls } = setUp([down], chain, { deadline: 2 })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xfromchain' })
    assert.equal(calls.chain, 6)
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
    const { options, calls } = setUp([record({})], [pendingOnChain], {
      chainCheckMs: 0,
      signal: controller.signal,
      readChain: async () => {
        if (++reads === 3) controller.abort()
        throw new Error('RPC hiccup')
      }
    })
    await assert.rejects(awaitDelivery(options), { name: 'AbortError' })
    assert.equal(reads, 3)
    assert.equal(calls.chainErrors.length, 2, 'the failures before the abort were reported')
  })

  it('ends at a chain failure the caller calls final', async () => {
    const refused = new NodeAnswer('WalletRejectedError', 4001)
    const { options } = setUp([record({})], [pendingOnChain], {
      chainCheckMs: 0,
      readChain: async () => { throw refused },
      isFinalChainError: (error) => error === refused
    })
    await assert.rejects(awaitDelivery(options), { name: 'WalletRejectedError' })
  })

  it('watches only the chain when there is no node to ask, as often as it polls', async () => {
    const { options, calls, clock } = setUp([], [pendingOnChain, pendingOnChain, { state: 'pending', overdue: true, deadline: 1000 }], {
      fetchPurchase: undefined,
      pollMs: 2000,
      chainCheckMs: 0
    })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'overdue', deadline: 1000 })
    assert.equal(calls.fetch, 0)
    assert.equal(calls.chain, 3)
    assert.equal(clock(), 4000)
  })

  it('passes the delivery\'s transaction on from the chain, and waits while the chain says delivered but has no event yet', async () => {
    let reads = 0
    const { options } = setUp([], [{ state: 'delivered', overdue: false, deadline: 1000 }], {
      fetchPurchase: undefined,
      chainCheckMs: 0,
      readDelivery: async () => ++reads < 3 ? undefined : { sealedKey: '0xsealed', transaction: '0xdeliver' }
    })
    assert.deepEqual(await awaitDelivery(options), { outcome: 'delivered', sealedKey: '0xsealed', transaction: '0xdeliver' })
    assert.equal(reads, 3)
  })
})
