// A promoter's earnings (/shop/promoters/<address>): public, for anyone who knows the
// address; updated live when a referred purchase is delivered.

import { useState } from 'preact/hooks'
import type { PromoterEarnings } from '@pc2/core'
import { api } from '../../lib/api.ts'
import { formatAmount, formatTotals } from '../../lib/amounts.ts'
import { isAddress } from '../../lib/eip55.ts'
import { formatDateTime, shortenHash } from '../../lib/format.ts'
import { matchPath } from '../../lib/router.ts'
import { useEventStream } from '../../lib/use-event-stream.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { Link } from '../../components/link/index.tsx'
import { StorefrontProblem } from '../../components/storefront-problem/index.tsx'
import '../storefront/index.css'

export default function PromoterPage () {
  const address = matchPath('/shop/promoters/:address', location.pathname)?.address ?? ''
  const valid = isAddress(address)
  const earnings = useRemoteData(async (signal) => valid ? await api.get<PromoterEarnings>(`/api/storefront/promoters/${address}`, { signal }) : undefined)
  const [liveData, setLiveData] = useState<PromoterEarnings | undefined>(undefined)
  const live = useEventStream(valid ? `/api/storefront/promoters/${address}/events` : undefined, {
    purchase: (data) => { setLiveData(data as PromoterEarnings) }
  })
  const shown = liveData ?? earnings.data
  return (
    <div class="storefront" data-testid="promoter-page">
      <p class="storefront__kicker muted"><Link href="/shop">Storefront</Link> · promoter earnings</p>
      <h1><code>{address}</code></h1>
      {!valid && <p class="bad" role="alert" data-testid="promoter-invalid">This is not an Ethereum address (0x and 40 hex digits).</p>}
      {valid && <span class={`badge ${live === 'live' ? 'ok' : 'warn'}`} data-testid="promoter-live" data-state={live} aria-live="polite">{live === 'live' ? '● live' : live === 'connecting' ? 'connecting…' : 'reconnecting…'}</span>}
      {earnings.error !== undefined && shown === undefined && <StorefrontProblem error={earnings.error} testId="promoter-error"><button type="button" onClick={earnings.reload}>Try again</button></StorefrontProblem>}
      {valid && shown === undefined && earnings.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading…</p>}
      {shown !== undefined && (
        <>
          <dl class="facts card">
            <dt>Earned</dt><dd data-testid="promoter-total">{formatTotals(shown.totals)}</dd>
            <dt>Sales delivered</dt><dd data-testid="promoter-sales-count">{shown.sales.length}</dd>
            <dt>Waiting for delivery</dt><dd data-testid="promoter-pending">{shown.pending}</dd>
          </dl>
          {shown.sales.length === 0
            ? <p class="muted" data-testid="promoter-empty">No delivered sales through this address yet.</p>
            : (
              <ul class="storefront__list" data-testid="promoter-sales">
                {shown.sales.map((sale) => (
                  <li key={sale.purchaseId} class="card" data-testid="promoter-sale" data-purchase-id={sale.purchaseId} data-promoter-amount={sale.promoterAmount}>
                    <strong>{sale.title}</strong>: earned {formatAmount(sale.promoterAmount, sale.decimals, sale.currency)} of {formatAmount(sale.amount, sale.decimals, sale.currency)}
                    <p class="muted">{formatDateTime(new Date(sale.deliveredAt))} · <code title={sale.deliveryTransaction}>{shortenHash(sale.deliveryTransaction, 14)}</code></p>
                  </li>
                ))}
              </ul>
              )}
        </>
      )}
    </div>
  )
}
