// The owner's sales (/sales): every purchase of this node's listings, what it stands at in
// plain words, the money it moved and its transactions, with totals and what each promoter
// was paid, updated live from pc2-shop's event stream.

import type { PurchaseStateName, PurchaseView, SalesResponse } from '@pc2/core'
import { api } from '../../lib/api.ts'
import { formatAmount, formatTotals } from '../../lib/amounts.ts'
import { formatDateTime, shortenAddress, shortenHash } from '../../lib/format.ts'
import { useEventStream } from '../../lib/use-event-stream.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { promoterPayouts } from '../../lib/promoter-payouts.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import '../shop/index.css'

export const purchaseStateWords: Record<PurchaseStateName, string> = {
  pending: 'Paid, waiting for this node to deliver',
  delivering: 'Delivering the key…',
  delivered: 'Delivered, paid out',
  refunded: 'Refunded to the buyer',
  expired: 'Not delivered in time (buyer may refund)'
}

function upsertPurchase (sales: SalesResponse, purchase: PurchaseView): SalesResponse {
  const known = sales.purchases.some((item) => item.purchaseId === purchase.purchaseId)
  const purchases = known ? sales.purchases.map((item) => item.purchaseId === purchase.purchaseId ? purchase : item) : [purchase, ...sales.purchases]
  return { ...sales, purchases }
}

export default function SalesPage () {
  const sales = useRemoteData(async (signal) => await api.get<SalesResponse>('/api/shop/sales', { signal }))
  const off = (sales.error as Error | undefined)?.name === 'ShopNotConfiguredError'
  const live = useEventStream(off ? undefined : '/api/shop/events', {
    purchase: (data) => {
      if (sales.data !== undefined) sales.replace(upsertPurchase(sales.data, data as PurchaseView))
      // Totals are the shop's arithmetic: ask again for them.
      sales.reload()
    },
    // Sent first on every (re)connection: whatever happened while not connected is in a fresh copy.
    status: () => { sales.reload() }
  })
  const payouts = sales.data === undefined ? [] : promoterPayouts(sales.data.purchases)

  return (
    <div class="shop-page">
      <div class="title-bar">
        <h1>Sales</h1>
        {!off && <span class={`badge ${live === 'live' ? 'ok' : 'warn'}`} data-testid="sales-live" data-state={live} aria-live="polite">
          {live === 'live' ? '● live' : live === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </span>}
      </div>
      {sales.error !== undefined && <ErrorNotice error={sales.error} title="Could not load the sales" testId="sales-error" />}
      {sales.data === undefined && sales.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading…</p>}
      {sales.data !== undefined && (
        <>
          <section class="card" aria-labelledby="totals-heading" data-testid="sales-totals">
            <h2 id="totals-heading">Totals</h2>
            <dl class="facts">
              <dt>Delivered</dt><dd data-testid="sales-delivered">{sales.data.totals.delivered}</dd>
              <dt>Waiting</dt><dd data-testid="sales-pending">{sales.data.totals.pending}</dd>
              <dt>Refunded</dt><dd data-testid="sales-refunded">{sales.data.totals.refunded}</dd>
              <dt>Paid to you</dt><dd data-testid="sales-payee-total">{formatTotals(sales.data.totals.payee)}</dd>
              <dt>Paid to promoters</dt><dd data-testid="sales-promoters-total">{formatTotals(sales.data.totals.promoters)}</dd>
            </dl>
          </section>
          {payouts.length > 0 && (
            <section class="card" aria-labelledby="payouts-heading" data-testid="sales-payouts">
              <h2 id="payouts-heading">Paid to promoters</h2>
              <table class="shop-page__table">
                <thead><tr><th>Promoter</th><th>Sales</th><th>Paid</th></tr></thead>
                <tbody>
                  {payouts.map((payout) => (
                    <tr key={payout.promoter} data-testid="payout-row" data-promoter={payout.promoter}>
                      <td><a href={`/shop/promoters/${payout.promoter}`}><code>{payout.promoter}</code></a></td>
                      <td>{payout.sales}</td>
                      <td data-testid="payout-paid">{Object.entries(payout.paid).map(([currency, { amount, decimals }]) => formatAmount(amount, decimals, currency)).join(' · ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          <section class="card" aria-labelledby="purchases-heading">
            <h2 id="purchases-heading">Purchases</h2>
            {sales.data.purchases.length === 0
              ? <p class="muted" data-testid="sales-empty">No sales yet.</p>
              : (
                <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="purchases-heading">
                  <table class="shop-page__table" data-testid="sales-table">
                    <thead>
                      <tr><th>#</th><th>Listing</th><th>Buyer</th><th>Promoter</th><th>Amount</th><th>State</th><th>Deadline</th><th>To you / promoter</th><th>Transactions</th></tr>
                    </thead>
                    <tbody>
                      {sales.data.purchases.map((purchase) => (
                        <tr key={purchase.purchaseId} data-testid="sale-row" data-purchase-id={purchase.purchaseId} data-state={purchase.state}>
                          <td>{purchase.purchaseId}</td>
                          <td>{purchase.title} <span class="muted">(#{purchase.listingId})</span></td>
                          <td><code title={purchase.buyer}>{shortenAddress(purchase.buyer)}</code></td>
                          <td>{purchase.promoter === null ? <span class="muted">none</span> : <code title={purchase.promoter}>{shortenAddress(purchase.promoter)}</code>}</td>
                          <td>{formatAmount(purchase.amount, purchase.decimals, purchase.currency)}</td>
                          <td>
                            <span data-testid="sale-state">{purchaseStateWords[purchase.state]}</span>
                            {purchase.lastError !== null && <p class="bad" data-testid="sale-last-error">{purchase.lastError.message}</p>}
                          </td>
                          <td>{formatDateTime(new Date(purchase.deadline * 1000))}</td>
                          <td>
                            {purchase.payeeAmount === null
                              ? <span class="muted">–</span>
                              : <>{formatAmount(purchase.payeeAmount, purchase.decimals, purchase.currency)} / {formatAmount(purchase.promoterAmount ?? '0', purchase.decimals, purchase.currency)}</>}
                          </td>
                          <td>
                            <code title={purchase.purchaseTransaction}>paid {shortenHash(purchase.purchaseTransaction, 10)}</code>
                            {purchase.deliveryTransaction !== null && <><br /><code title={purchase.deliveryTransaction} data-testid="sale-delivery">delivered {shortenHash(purchase.deliveryTransaction, 10)}</code></>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                )}
          </section>
        </>
      )}
    </div>
  )
}
