// The public storefront (/shop): what this node sells, for anyone, without signing in.

import type { ListingsResponse } from '@pc2/core'
import { api } from '../../lib/api.ts'
import { formatAmount, formatBasisPoints } from '../../lib/amounts.ts'
import { formatBytes } from '../../lib/format.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { Link } from '../../components/link/index.tsx'
import { StorefrontProblem } from '../../components/storefront-problem/index.tsx'
import './index.css'

export default function StorefrontPage () {
  const listings = useRemoteData(async (signal) => (await api.get<ListingsResponse>('/api/storefront/listings', { signal })).listings)
  const active = listings.data?.filter((listing) => listing.status === 'active')
  return (
    <div class="storefront" data-testid="storefront">
      <p class="storefront__kicker muted">Storefront</p>
      <h1>Files for sale</h1>
      {listings.error !== undefined && <StorefrontProblem error={listings.error} testId="storefront-error"><button type="button" onClick={listings.reload}>Try again</button></StorefrontProblem>}
      {listings.data === undefined && listings.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading…</p>}
      {active !== undefined && active.length === 0 && <p class="muted" data-testid="storefront-empty">Nothing is for sale right now.</p>}
      {active !== undefined && active.length > 0 && (
        <ul class="storefront__list">
          {active.map((listing) => (
            <li key={listing.listingId} class="card" data-testid="storefront-item" data-listing-id={listing.listingId}>
              <h2><Link href={`/shop/${listing.listingId}`}>{listing.title}</Link></h2>
              <p class="muted">{listing.fileName} · {formatBytes(listing.fileSize)}</p>
              <p><strong>{formatAmount(listing.price, listing.decimals, listing.currency)}</strong>
                {listing.commissionBps > 0 && <span class="muted"> · promoters earn {formatBasisPoints(listing.commissionBps)}</span>}</p>
            </li>
          ))}
        </ul>
      )}
      <p class="storefront__note muted">Files are encrypted; you pay with your own wallet and the key comes to this page only, sealed to a key your wallet signature makes.</p>
    </div>
  )
}
