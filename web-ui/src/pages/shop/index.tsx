// The owner's shop (/listings): is selling on, the node's wallet that pays gas, the
// listings with their sales, and the form that puts an uploaded file up for sale. Every
// change is a transaction the node sends; the page shows it confirming.

import { useState } from 'preact/hooks'
import type { CreateListingRequest, FileEntry, FileList, OwnerListing, ShopStatus, WalletResponse } from '@pc2/core'
import { api } from '../../lib/api.ts'
import { formatAmount, formatBasisPoints, formatUnits, parseAmount, parseCommissionPercent, parseDeliveryHours } from '../../lib/amounts.ts'
import { copyText } from '../../lib/clipboard.ts'
import { formatBytes, formatDateTime } from '../../lib/format.ts'
import { referralLink, storefrontLink } from '../../lib/referral.ts'
import { useEventStream } from '../../lib/use-event-stream.ts'
import { useAction, useRemoteData } from '../../lib/use-remote-data.ts'
import { ConfirmDialog } from '../../components/confirm-dialog/index.tsx'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { Link } from '../../components/link/index.tsx'
import './index.css'

function StatusCard ({ status, onChange }: { status: ShopStatus, onChange: () => void }) {
  const [created, setCreated] = useState<string | undefined>(undefined)
  const createWallet = useAction(async () => {
    setCreated((await api.post<WalletResponse>('/api/shop/wallet')).address)
    onChange()
  })
  // While selling is off the shop does not ask the chain, so it reports no wallet: show
  // the one just made.
  const walletAddress = status.wallet?.address ?? created
  return (
    <section class="card shop-page__status" aria-labelledby="shop-status-heading" data-testid="shop-status" data-enabled={status.enabled}>
      <h2 id="shop-status-heading">Selling</h2>
      {status.enabled
        ? <p class="ok" data-testid="shop-enabled">Selling is on.</p>
        : (
          <p class="warn" data-testid="shop-disabled">
            Selling is off. To turn it on, set <code>shop.rpcUrl</code> (the JSON-RPC URL of the chain) and <code>shop.contract</code> (the FileShop contract's address)
            on the <Link href="/settings">Settings</Link> page.
          </p>
          )}
      <dl class="facts">
        {status.chainId !== null && <><dt>Chain</dt><dd data-testid="shop-chain-id">{status.chainId}</dd></>}
        {status.contract !== null && <><dt>Contract</dt><dd><code data-testid="shop-contract">{status.contract}</code></dd></>}
        {status.head !== null && (
          <>
            <dt>Chain head</dt>
            <dd data-testid="shop-head" data-head={status.head}>block {status.head}{status.cursor !== null && <span class="muted"> (sales seen up to block {status.cursor})</span>}</dd>
          </>
        )}
        {walletAddress !== undefined && <><dt>Node wallet</dt><dd><code data-testid="shop-wallet-address">{walletAddress}</code></dd></>}
        {status.wallet !== null && (
          <><dt>Balance</dt><dd data-testid="shop-wallet-balance" data-wei={status.wallet.balance}>{formatAmount(status.wallet.balance)}</dd></>
        )}
        {status.payoutAddress !== null && <><dt>Sales paid to</dt><dd><code data-testid="shop-payout">{status.payoutAddress}</code></dd></>}
      </dl>
      {walletAddress === undefined && (
        <div>
          <p>This node has no wallet yet. It needs one to list files and to deliver keys to buyers (it pays the network fees of both).</p>
          <button type="button" class="primary" data-testid="shop-create-wallet" disabled={createWallet.busy} onClick={() => { void createWallet.run() }}>
            {createWallet.busy ? 'Creating…' : 'Create wallet'}
          </button>
        </div>
      )}
      {status.wallet !== null && BigInt(status.wallet.balance) === 0n && (
        <p class="warn" data-testid="shop-wallet-unfunded">Send a little ETH to this address for network fees: listing a file and delivering each sale are transactions the node pays for.</p>
      )}
      {status.lastError !== null && (
        <p class="bad" data-testid="shop-last-error" data-error-name={status.lastError.name}>
          Last problem ({formatDateTime(new Date(status.lastError.at))}): {status.lastError.message}
        </p>
      )}
      {createWallet.error !== undefined && <ErrorNotice error={createWallet.error} title="Could not create the wallet" testId="shop-wallet-error" />}
    </section>
  )
}

function SellForm ({ files, onCreated }: { files: FileEntry[], onCreated: (listing: OwnerListing) => void }) {
  const sellable = files.filter((file) => file.name !== null)
  const [cid, setCid] = useState('')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [price, setPrice] = useState('')
  const [commission, setCommission] = useState('10')
  const [hours, setHours] = useState('24')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const [listed, setListed] = useState<OwnerListing | undefined>(undefined)
  const sell = useAction(async (request: CreateListingRequest) => {
    const listing = await api.post<OwnerListing>('/api/shop/listings', request)
    onCreated(listing)
    setListed(listing)
    setTitle('')
    setDescription('')
    setPrice('')
  })

  const submit = (event: Event): void => {
    event.preventDefault()
    if (sell.busy) return
    setProblem(undefined)
    setListed(undefined)
    let request: CreateListingRequest
    try {
      if (cid === '') throw new Error('Pick the file to sell.')
      if (title.trim() === '') throw new Error('Give the listing a title.')
      request = {
        cid,
        title: title.trim(),
        description: description.trim(),
        price: parseAmount(price).toString(),
        commissionBps: parseCommissionPercent(commission),
        deliveryWindowSeconds: parseDeliveryHours(hours)
      }
    } catch (caught) {
      setProblem((caught as Error).message)
      return
    }
    void sell.run(request)
  }

  return (
    <section class="card" aria-labelledby="sell-heading">
      <h2 id="sell-heading">Sell a file</h2>
      {sellable.length === 0
        ? <p class="muted" data-testid="sell-no-files">Upload a file on the <Link href="/files">Files</Link> page first.</p>
        : (
          <form class="shop-page__form" noValidate onSubmit={submit} data-testid="sell-form" aria-busy={sell.busy}>
            <label>File
              <select value={cid} onChange={(event) => { setCid(event.currentTarget.value) }} data-testid="sell-file" required>
                <option value="">Choose an uploaded file…</option>
                {sellable.map((file) => <option key={file.cid} value={file.cid}>{file.name} ({formatBytes(file.size ?? 0)})</option>)}
              </select>
            </label>
            <label>Title
              <input value={title} maxLength={200} onInput={(event) => { setTitle(event.currentTarget.value) }} data-testid="sell-title" required />
            </label>
            <label>Description
              <textarea value={description} maxLength={4000} rows={3} onInput={(event) => { setDescription(event.currentTarget.value) }} data-testid="sell-description" />
            </label>
            <label>Price in ETH
              <input value={price} inputMode="decimal" placeholder="0.01" onInput={(event) => { setPrice(event.currentTarget.value) }} data-testid="sell-price" required />
            </label>
            <label>Promoter commission (%)
              <input value={commission} inputMode="decimal" onInput={(event) => { setCommission(event.currentTarget.value) }} data-testid="sell-commission" />
              <span class="field-help">What someone who brings a buyer with their referral link gets of the price.</span>
            </label>
            <label>Delivery window (hours)
              <input value={hours} inputMode="numeric" onInput={(event) => { setHours(event.currentTarget.value) }} data-testid="sell-hours" />
              <span class="field-help">If this node does not deliver the key in time, the buyer can take the money back.</span>
            </label>
            {problem !== undefined && <p class="field-error" role="alert" data-testid="sell-problem">{problem}</p>}
            <button type="submit" class="primary" disabled={sell.busy} data-testid="sell-submit">{sell.busy ? 'Listing…' : 'List for sale'}</button>
            {sell.busy && <p class="loading" aria-live="polite" data-testid="sell-progress"><span class="spinner" aria-hidden="true" />Sending the listing transaction and waiting for it to confirm…</p>}
            {sell.error !== undefined && <ErrorNotice error={sell.error} title="The file was not listed" testId="sell-error" />}
            {listed !== undefined && (
              <p class="ok" role="status" data-testid="sell-done" data-listing-id={listed.listingId}>
                Listed “{listed.title}” as listing {listed.listingId}. Its page: <a href={storefrontLink(location.origin, listed.listingId)}>{storefrontLink(location.origin, listed.listingId)}</a>
              </p>
            )}
          </form>
          )}
    </section>
  )
}

function ListingRow ({ listing, onChanged }: { listing: OwnerListing, onChanged: (listing: OwnerListing) => void }) {
  const [editing, setEditing] = useState(false)
  const [price, setPrice] = useState('')
  const [commission, setCommission] = useState('')
  const [busy, setBusy] = useState<string | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const [confirmDelist, setConfirmDelist] = useState(false)
  const [copied, setCopied] = useState(false)
  const [promoter, setPromoter] = useState('')
  const [referral, setReferral] = useState<string | undefined>(undefined)
  const link = storefrontLink(location.origin, listing.listingId)

  const change = async (what: string, call: () => Promise<OwnerListing>): Promise<void> => {
    setBusy(what)
    setError(undefined)
    try {
      onChanged(await call())
      setEditing(false)
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(undefined)
    }
  }
  const saveEdit = (event: Event): void => {
    event.preventDefault()
    setProblem(undefined)
    const update: { price?: string, commissionBps?: number } = {}
    try {
      if (price.trim() !== '') update.price = parseAmount(price).toString()
      if (commission.trim() !== '') update.commissionBps = parseCommissionPercent(commission)
    } catch (caught) {
      setProblem((caught as Error).message)
      return
    }
    if (update.price === undefined && update.commissionBps === undefined) {
      setProblem('Enter a new price, a new commission, or both.')
      return
    }
    void change('saving', async () => await api.patch<OwnerListing>(`/api/shop/listings/${listing.listingId}`, update))
  }
  const makeReferral = (): void => {
    try {
      setProblem(undefined)
      setReferral(referralLink(location.origin, listing.listingId, promoter))
    } catch (caught) {
      setReferral(undefined)
      setProblem((caught as Error).message)
    }
  }

  return (
    <>
      <tr data-testid="listing-row" data-listing-id={listing.listingId} data-status={listing.status}>
        <td><strong data-testid="listing-title">{listing.title}</strong></td>
        <td>{listing.fileName} <span class="muted">({formatBytes(listing.fileSize)})</span></td>
        <td data-testid="listing-price" data-wei={listing.price}>{formatAmount(listing.price, listing.decimals, listing.currency)}</td>
        <td data-testid="listing-commission">{formatBasisPoints(listing.commissionBps)}</td>
        <td><span class={`badge ${listing.status === 'active' ? 'ok' : listing.status === 'paused' ? 'warn' : 'muted'}`} data-testid="listing-status">{listing.status}</span></td>
        <td data-testid="listing-sales">{listing.sales}</td>
        <td data-testid="listing-revenue">{formatAmount(listing.revenue, listing.decimals, listing.currency)}</td>
      </tr>
      <tr class="shop-page__actions-row">
        <td colSpan={7}>
          <div class="shop-page__actions">
            <button type="button" data-testid="listing-copy-link" onClick={() => { void copyText(link).then(setCopied) }}>{copied ? 'Link copied' : 'Copy storefront link'}</button>
            <a href={link} data-testid="listing-open">Open in storefront</a>
            {listing.status !== 'delisted' && (
              <>
                <button type="button" data-testid="listing-edit" aria-expanded={editing} onClick={() => { setEditing(!editing) }}>Edit price/commission</button>
                <button
                  type="button"
                  data-testid="listing-pause"
                  disabled={busy !== undefined}
                  onClick={() => { void change('pausing', async () => await api.patch<OwnerListing>(`/api/shop/listings/${listing.listingId}`, { paused: listing.status === 'active' })) }}
                >
                  {busy === 'pausing' ? 'Waiting for the chain…' : listing.status === 'active' ? 'Pause' : 'Resume'}
                </button>
                <button type="button" class="danger" data-testid="listing-delist" disabled={busy !== undefined} onClick={() => { setConfirmDelist(true) }}>
                  {busy === 'delisting' ? 'Delisting…' : 'Delist'}
                </button>
              </>
            )}
          </div>
          {editing && (
            <form class="shop-page__edit" onSubmit={saveEdit} data-testid="listing-edit-form">
              <label>New price in ETH <input value={price} inputMode="decimal" placeholder={formatUnits(BigInt(listing.price), listing.decimals)} onInput={(event) => { setPrice(event.currentTarget.value) }} data-testid="listing-edit-price" /></label>
              <label>New commission (%) <input value={commission} inputMode="decimal" placeholder={String(listing.commissionBps / 100)} onInput={(event) => { setCommission(event.currentTarget.value) }} data-testid="listing-edit-commission" /></label>
              <button type="submit" class="primary" disabled={busy !== undefined} data-testid="listing-edit-save">{busy === 'saving' ? 'Waiting for the chain…' : 'Save'}</button>
            </form>
          )}
          {listing.status !== 'delisted' && (
            <div class="shop-page__referral">
              <label>Referral link for a promoter's address
                <input value={promoter} placeholder="0x…" onInput={(event) => { setPromoter(event.currentTarget.value) }} data-testid="referral-address" />
              </label>
              <button type="button" onClick={makeReferral} data-testid="referral-make">Make link</button>
              {referral !== undefined && <input readOnly value={referral} aria-label="Referral link" data-testid="referral-link" onFocus={(event) => { event.currentTarget.select() }} />}
            </div>
          )}
          {busy !== undefined && <p class="loading" aria-live="polite"><span class="spinner" aria-hidden="true" />Sending the transaction and waiting for it to confirm…</p>}
          {problem !== undefined && <p class="field-error" role="alert" data-testid="listing-problem">{problem}</p>}
          {error !== undefined && <ErrorNotice error={error} title="The listing was not changed" testId="listing-error" />}
          <ConfirmDialog
            open={confirmDelist}
            title={`Delist "${listing.title}"?`}
            confirmLabel="Delist for good"
            onCancel={() => { setConfirmDelist(false) }}
            onConfirm={() => {
              setConfirmDelist(false)
              void change('delisting', async () => await api.delete<OwnerListing>(`/api/shop/listings/${listing.listingId}`))
            }}
          >
            <p>Nobody can buy it afterwards, and it cannot be listed again under this id. Purchases already paid can still be delivered.</p>
          </ConfirmDialog>
        </td>
      </tr>
    </>
  )
}

export default function ShopPage () {
  const status = useRemoteData(async (signal) => await api.get<ShopStatus>('/api/shop/status', { signal }), { refreshMs: 10_000 })
  const listings = useRemoteData(async (signal) => (await api.get<{ listings: OwnerListing[] }>('/api/shop/listings', { signal })).listings)
  const files = useRemoteData(async (signal) => (await api.get<FileList>('/api/files', { signal })).files)
  const upsert = (listing: OwnerListing): void => {
    const current = listings.data ?? []
    const known = current.some((item) => item.listingId === listing.listingId)
    listings.replace(known ? current.map((item) => item.listingId === listing.listingId ? listing : item) : [listing, ...current])
  }
  useEventStream(status.data?.enabled === true ? '/api/shop/events' : undefined, {
    listing: (data) => { upsert(data as OwnerListing) },
    status: (data) => { status.replace(data as ShopStatus) }
  })

  return (
    <div class="shop-page">
      <h1>Shop</h1>
      {status.error !== undefined && <ErrorNotice error={status.error} title="Could not read the shop's status" testId="shop-error" />}
      {status.data === undefined && status.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading…</p>}
      {status.data !== undefined && <StatusCard status={status.data} onChange={status.reload} />}

      <section class="card" aria-labelledby="listings-heading">
        <div class="title-bar">
          <h2 id="listings-heading">Listings</h2>
          <a href="/shop" data-testid="shop-storefront-link">Open the storefront</a>
        </div>
        {listings.error !== undefined && <ErrorNotice error={listings.error} title="Could not load the listings" testId="listings-error" />}
        {listings.data !== undefined && listings.data.length === 0 && <p class="muted" data-testid="listings-empty">Nothing for sale yet.</p>}
        {listings.data !== undefined && listings.data.length > 0 && (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="listings-heading">
            <table class="shop-page__table" data-testid="listings-table">
              <thead><tr><th>Title</th><th>File</th><th>Price</th><th>Commission</th><th>Status</th><th>Sales</th><th>Revenue</th></tr></thead>
              <tbody>{listings.data.map((listing) => <ListingRow key={listing.listingId} listing={listing} onChanged={upsert} />)}</tbody>
            </table>
          </div>
        )}
      </section>

      {status.data?.enabled === true && status.data.wallet !== null && files.data !== undefined && <SellForm files={files.data} onCreated={upsert} />}
      {files.error !== undefined && <ErrorNotice error={files.error} title="Could not load your files" />}
    </div>
  )
}
