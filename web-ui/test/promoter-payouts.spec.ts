import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PurchaseView } from '@pc2/core'
import { promoterPayouts } from '../src/lib/promoter-payouts.ts'

const sale = (fields: Partial<PurchaseView>): PurchaseView => ({
  purchaseId: '1', listingId: '1', title: 'Song', buyer: '0x01', promoter: '0xaa', amount: '100', token: null, currency: 'ETH', decimals: 18,
  commissionBps: 1000, deadline: 0, state: 'delivered', purchasedAt: '', purchaseTransaction: '0x', deliveryTransaction: '0x', payeeAmount: '90', promoterAmount: '10', lastError: null,
  ...fields
})

describe('promoter payouts', () => {
  it('sums what each promoter was paid in delivered purchases, per currency, most sales first', () => {
    const payouts = promoterPayouts([
      sale({ promoter: '0xaa' }),
      sale({ promoter: '0xbb', promoterAmount: '3' }),
      sale({ promoter: '0xbb', promoterAmount: '4' }),
      sale({ promoter: '0xbb', currency: 'USDC', decimals: 6, promoterAmount: '5' }),
      sale({ promoter: '0xaa', state: 'pending', promoterAmount: null }),
      sale({ promoter: '0xaa', state: 'refunded', promoterAmount: null }),
      sale({ promoter: null })
    ])
    assert.deepEqual(payouts, [
      { promoter: '0xbb', sales: 3, paid: { ETH: { amount: 7n, decimals: 18 }, USDC: { amount: 5n, decimals: 6 } } },
      { promoter: '0xaa', sales: 1, paid: { ETH: { amount: 10n, decimals: 18 } } }
    ])
  })
})
