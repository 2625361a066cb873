// Collecting a credit: a payee that cannot receive ETH itself (a contract without a
// payable receive) sends its credit elsewhere with withdrawTo; nobody can collect another
// account's credit, and address(0) is refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEventLogs, zeroAddress } from 'viem'
import { ETH, fileShopAbi, useChain } from './support/chain.ts'
import { actAs, balanceOf, buy, createListing, deliver, expectRevert, owed, shopCall } from './support/shop.ts'

const chain = useChain()

describe('withdrawTo', () => {
  it('sends a refusing payee\'s credit to the recipient it names, and logs both', async () => {
    const c = chain()
    const receiver = await c.deploy('RevertingReceiver')
    const listingId = await createListing(c, { payee: receiver, price: 1_000_000n, commissionBps: 0 })
    const { purchaseId } = await buy(c, listingId)
    await deliver(c, purchaseId)
    assert.equal(await owed(c, receiver), 1_000_000n)
    // It still refuses ETH: a plain withdraw cannot pay it.
    await expectRevert(actAs(c, receiver, c.stranger, 'withdraw', [ETH]), 'FileShopTokenTransferFailed', [ETH])
    const before = await balanceOf(c, c.stranger.address)
    const receipt = await actAs(c, receiver, c.seller, 'withdrawTo', [ETH, c.stranger.address])
    assert.equal(await balanceOf(c, c.stranger.address) - before, 1_000_000n)
    assert.equal(await owed(c, receiver), 0n)
    const [withdrawn] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Withdrawn' })
    assert.deepEqual(withdrawn?.args, { account: receiver, token: ETH, amount: 1_000_000n, recipient: c.stranger.address })
  })

  it('refuses address(0) as the recipient, and a caller with nothing owed', async () => {
    const c = chain()
    await expectRevert(shopCall(c, c.stranger, 'withdrawTo', [ETH, zeroAddress]), 'FileShopInvalidRecipient')
    await expectRevert(shopCall(c, c.stranger, 'withdrawTo', [ETH, c.stranger.address]), 'FileShopNothingOwed', [c.stranger.address, ETH])
  })
})
