import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InsufficientFundsError, WrongChainError } from '../src/lib/chain-wallet.ts'
import { describePurchaseProblem, describeStorefrontProblem } from '../src/lib/purchase-errors.ts'
import { ApiError } from '../src/lib/api.ts'
import { WalletMissingError, WalletRejectedError } from '../src/lib/wallet.ts'

const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name })

describe('purchase problems in words', () => {
  it('says nothing was paid before the payment, and that the money is safe after it', () => {
    const before = describePurchaseProblem(new WalletRejectedError('User rejected'), 'before-payment')
    assert.equal(before.name, 'WalletRejectedError')
    assert.match(before.advice, /Nothing was paid/)
    const after = describePurchaseProblem(new WalletRejectedError('User rejected'), 'after-payment')
    assert.match(after.advice, /paid and safe/)
    assert.doesNotMatch(after.advice, /Nothing was paid/)
    assert.match(describePurchaseProblem(new Error('boom'), 'after-payment').advice, /boom.*paid and safe/)
    assert.match(describePurchaseProblem(new Error('boom'), 'before-payment').advice, /boom.*Nothing was paid/)
  })

  it('explains a missing wallet, and puts the specific sentence of chain and funds problems first', () => {
    assert.match(describePurchaseProblem(new WalletMissingError(), 'before-payment').advice, /MetaMask/)
    const chain = describePurchaseProblem(new WrongChainError('Your wallet is on chain 1, but this shop sells on chain 31337.'), 'before-payment')
    assert.equal(chain.title, 'Your wallet is on chain 1, but this shop sells on chain 31337.')
    const funds = describePurchaseProblem(new InsufficientFundsError('Your wallet has 0 ETH; this file costs 1 ETH.'), 'before-payment')
    assert.equal(funds.name, 'InsufficientFundsError')
    assert.match(funds.title, /has 0 ETH/)
  })

  it('words a broken download as the share page does, and offers the retry', () => {
    const problem = describePurchaseProblem(named('TruncatedFileError'), 'download')
    assert.match(problem.title, /stopped before the end/)
    assert.match(problem.advice, /Try again/)
  })

  it('tells a visitor what the shop\'s errors mean for them, without the owner\'s hints', () => {
    const problem = (name: string, status: number) => describeStorefrontProblem(new ApiError({ name, message: 'x', status }))
    assert.match(problem('ListingNotFoundError', 404).title, /no such listing/)
    assert.match(problem('UnavailableError', 503).title, /cannot be reached right now/)
    assert.doesNotMatch(problem('UnavailableError', 503).advice, /dashboard|Settings/)
    assert.match(problem('ShopNotConfiguredError', 503).title, /does not sell anything/)
    assert.match(problem('TooManyRequestsError', 429).advice, /Wait a minute/)
    assert.match(describeStorefrontProblem(new TypeError('Failed to fetch')).title, /cannot be reached/)
  })
})
