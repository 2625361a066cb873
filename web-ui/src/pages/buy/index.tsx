// A listing's page in the storefront (/shop/<listingId>[?ref=<promoter>]), for anyone: what
// is for sale, and buying it with the browser's own wallet. Pay (the buyer key is a
// signature, the payment a transaction), wait for the seller's node to deliver the file key
// sealed to that key, check the key against the listing's commitment, then download and
// decrypt the file in this tab and save it. A purchase the node does not deliver in time
// is refunded from here. Promoters make their referral link at the bottom.

import { useEffect, useRef, useState } from 'preact/hooks'
import type { PublicListing, PublicPurchase } from '@pc2/core'
import { awaitDelivery } from '@pc2/core/client/await-delivery'
import { api } from '../../lib/api.ts'
import { formatAmount, formatBasisPoints, promoterShare } from '../../lib/amounts.ts'
import { buyListing, deliveryOnChain, purchaseOnChain, refundPurchase, resumePurchase } from '../../lib/buy-listing.ts'
import type { Bought } from '../../lib/buy-listing.ts'
import { encodeFileKey } from '@pc2/core/file-format/key'
import { openDeliveredKey } from '../../lib/buyer-keys.ts'
import { downloadFile } from '../../lib/download-file.ts'
import { formatBytes, formatDateTime, percentOf } from '../../lib/format.ts'
import { describePurchaseProblem } from '../../lib/purchase-errors.ts'
import type { PurchaseStage } from '../../lib/purchase-errors.ts'
import { forgetPendingPurchase, pendingPurchaseKey, purchaseSteps, readPendingPurchase, savePendingPurchase } from '../../lib/purchase-steps.ts'
import type { PendingPurchase, PurchasePhase } from '../../lib/purchase-steps.ts'
import { parseReferral } from '../../lib/referral.ts'
import type { Referral } from '../../lib/referral.ts'
import { matchPath } from '../../lib/router.ts'
import { shareLinkFor } from '../../lib/share-link.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { findBrowserWallet, WalletMissingError, WalletRejectedError } from '../../lib/wallet.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { Link } from '../../components/link/index.tsx'
import { ProgressBar } from '../../components/progress-bar/index.tsx'
import { StorefrontProblem } from '../../components/storefront-problem/index.tsx'
import { PromoteBox } from '../../components/promote-box/index.tsx'
import '../storefront/index.css'

const formatDeadline = (seconds: number): string => formatDateTime(new Date(seconds * 1000))

function ListingFacts ({ listing }: { listing: PublicListing }) {
  const hours = Math.round(listing.deliveryWindowSeconds / 360) / 10
  return (
    <dl class="facts">
      <dt>File</dt><dd data-testid="buy-file">{listing.fileName} <span class="muted">({formatBytes(listing.fileSize)})</span></dd>
      <dt>Price</dt><dd data-testid="buy-price" data-wei={listing.price}><strong>{formatAmount(listing.price, listing.decimals, listing.currency)}</strong></dd>
      <dt>Delivery</dt><dd>within {hours} {hours === 1 ? 'hour' : 'hours'} of payment, or you can take your money back</dd>
      <dt>Network</dt><dd>chain {listing.chainId}, contract <code>{listing.contract}</code></dd>
      <dt>Seller</dt><dd><code>{listing.seller}</code></dd>
    </dl>
  )
}

function ReferralNotice ({ referral, listing }: { referral: Referral, listing: PublicListing }) {
  if (referral.kind === 'none') return null
  if (referral.kind === 'invalid') {
    return (
      <p class="warn" role="alert" data-testid="buy-referral-invalid">
        The link names a promoter, <code>{referral.text}</code>, that is not an Ethereum address. If you buy, nobody is credited for referring you; ask whoever sent the link for a corrected one.
      </p>
    )
  }
  return (
    <p class="muted" data-testid="buy-referral" data-promoter={referral.promoter}>
      Referred by <code>{referral.promoter}</code>: they get {formatBasisPoints(listing.commissionBps)} of the price
      ({formatAmount(promoterShare(BigInt(listing.price), listing.commissionBps), listing.decimals, listing.currency)}), paid by the contract when your file is delivered.
    </p>
  )
}

function Steps ({ phase }: { phase: PurchasePhase }) {
  return (
    <ol class="storefront__steps" data-testid="buy-steps" aria-live="polite">
      {purchaseSteps(phase, formatDeadline).map((step) => (
        <li key={step.id} data-testid={`buy-step-${step.id}`} data-state={step.state}>{step.label}</li>
      ))}
    </ol>
  )
}

function SaveLink ({ url, name }: { url: string, name: string }) {
  const link = useRef<HTMLAnchorElement>(null)
  useEffect(() => { link.current?.click() }, [url])
  return <a ref={link} class="button primary" href={url} download={name} data-testid="buy-save">Save {name} again</a>
}

interface Saved { url: string, name: string, size: number }

function Purchase ({ listing, referral }: { listing: PublicListing, referral: Referral }) {
  const storageKey = pendingPurchaseKey(listing.listingId)
  const [pending, setPending] = useState<PendingPurchase | undefined>(() => {
    const found = readPendingPurchase(localStorage, storageKey)
    // Made at another contract (the shop moved): not this listing's.
    return found?.listing !== undefined && found.listing.contract.toLowerCase() !== listing.contract.toLowerCase() ? undefined : found
  })
  const [phase, setPhase] = useState<PurchasePhase>({ phase: 'idle' })
  const [stage, setStage] = useState<PurchaseStage>('before-payment')
  const [saved, setSaved] = useState<Saved | undefined>(undefined)
  const [refundError, setRefundError] = useState<unknown>(undefined)
  const bought = useRef<Bought | undefined>(undefined)
  const fileKey = useRef<Uint8Array | undefined>(undefined)
  const controller = useRef<AbortController | undefined>(undefined)
  const promoter = referral.kind === 'valid' ? referral.promoter : undefined

  useEffect(() => () => {
    controller.current?.abort()
  }, [])
  useEffect(() => () => { if (saved !== undefined) URL.revokeObjectURL(saved.url) }, [saved])

  const fail = (error: unknown, at: PurchaseStage, step?: 'download' | 'decrypt'): void => {
    setStage(at)
    const purchaseId = bought.current?.purchaseId
    setPhase({ phase: 'failed', error, ...(purchaseId === undefined ? {} : { purchaseId }), ...(step === undefined ? {} : { step }) })
  }

  /** From the delivered key to the saved file; again from here after a broken download. */
  const download = async (purchaseId: string, key: Uint8Array, signal: AbortSignal): Promise<void> => {
    setPhase({ phase: 'downloading', purchaseId, percent: 0 })
    let lastPercent = -1
    const file = await downloadFile(listing.cid, key, {
      signal,
      onProgress: (received, total) => {
        if (total === undefined) return
        const percent = percentOf(received, total)
        if (percent === lastPercent) return
        lastPercent = percent
        // The last frame is authenticated only once every byte is in: that is the decrypting.
        setPhase(received >= total ? { phase: 'decrypting', purchaseId } : { phase: 'downloading', purchaseId, percent })
      }
    })
    setPhase({ phase: 'decrypting', purchaseId })
    setSaved({ url: URL.createObjectURL(file.blob), name: file.metadata.name, size: file.blob.size })
    setPhase({ phase: 'done', purchaseId })
    forgetPendingPurchase(localStorage, storageKey)
    setPending(undefined)
  }

  const run = async (resume: PendingPurchase | undefined): Promise<void> => {
    controller.current?.abort()
    const abort = new AbortController()
    controller.current = abort
    const { signal } = abort
    setSaved(undefined)
    setRefundError(undefined)
    bought.current = undefined
    fileKey.current = undefined
    const provider = findBrowserWallet()
    if (provider === undefined) {
      fail(new WalletMissingError(), 'before-payment')
      return
    }
    let at: PurchaseStage = resume === undefined ? 'before-payment' : 'after-payment'
    setStage(at)
    try {
      const purchase = resume === undefined
        ? await buyListing({ provider, listing, promoter, onPhase: setPhase, signal })
        : await resumePurchase({ provider, listing, purchaseId: resume.purchaseId, onPhase: setPhase })
      bought.current = purchase
      at = 'after-payment'
      setStage(at)
      const record = { purchaseId: purchase.purchaseId, buyer: purchase.buyer, listing }
      savePendingPurchase(localStorage, storageKey, record)
      setPending(record)

      const { purchaseId } = purchase
      setPhase({ phase: 'waiting', purchaseId, deadline: purchase.deadline })
      const outcome = await awaitDelivery({
        purchaseId,
        deadline: purchase.deadline,
        signal,
        fetchPurchase: async (id, fetchSignal) => await api.get<PublicPurchase>(`/api/storefront/purchases/${id}`, { signal: fetchSignal }),
        readChain: async () => {
          const { purchase: onChain, overdue } = await purchaseOnChain(provider, listing.contract, purchaseId)
          return { state: onChain.state, overdue, deadline: onChain.deadline }
        },
        readDelivery: async () => await deliveryOnChain(provider, listing.contract, purchaseId),
        isFinalChainError: (error) => error instanceof WalletRejectedError,
        onWaiting: ({ nodeReachable, deadline }) => { setPhase({ phase: 'waiting', purchaseId, deadline, nodeReachable }) }
      })
      if (outcome.outcome === 'overdue') {
        setPhase({ phase: 'expired', purchaseId, deadline: outcome.deadline })
        return
      }
      if (outcome.outcome === 'refunded') {
        setPhase({ phase: 'refunded', purchaseId })
        forgetPendingPurchase(localStorage, storageKey)
        setPending(undefined)
        return
      }
      setPhase({ phase: 'key', purchaseId })
      const key = await openDeliveredKey(outcome.sealedKey, purchase.keyPair, listing.keyCommitment)
      fileKey.current = key
      at = 'download'
      await download(purchaseId, key, signal)
    } catch (error) {
      if (signal.aborted) return
      fail(error, at, at === 'download' ? 'download' : undefined)
    }
  }

  const retryDownload = async (): Promise<void> => {
    const purchaseId = bought.current?.purchaseId
    const key = fileKey.current
    if (purchaseId === undefined || key === undefined) return
    const abort = new AbortController()
    controller.current = abort
    try {
      await download(purchaseId, key, abort.signal)
    } catch (error) {
      if (!abort.signal.aborted) fail(error, 'download', 'download')
    }
  }

  const refund = async (purchaseId: string): Promise<void> => {
    const provider = findBrowserWallet()
    if (provider === undefined) {
      setRefundError(new WalletMissingError())
      return
    }
    setRefundError(undefined)
    setPhase({ phase: 'refunding', purchaseId })
    try {
      await refundPurchase(provider, listing, purchaseId)
      setPhase({ phase: 'refunded', purchaseId })
      forgetPendingPurchase(localStorage, storageKey)
      setPending(undefined)
    } catch (error) {
      setRefundError(error)
      const deadline = bought.current?.deadline
      setPhase({ phase: 'expired', purchaseId, deadline })
    }
  }

  const busy = !['idle', 'failed', 'expired', 'refunded', 'done'].includes(phase.phase)
  const problem = phase.phase === 'failed' ? describePurchaseProblem(phase.error, stage) : undefined
  const purchaseId = 'purchaseId' in phase ? phase.purchaseId : undefined
  const canBuy = listing.status === 'active' && !busy && phase.phase !== 'expired'

  return (
    <section class="card storefront__buy" aria-labelledby="buy-heading" data-testid="buy-panel" data-phase={phase.phase}>
      <h2 id="buy-heading">Buy</h2>
      {listing.status !== 'active' && <p class="warn" data-testid="buy-not-for-sale">This file is not for sale right now: the seller {listing.status === 'paused' ? 'paused' : 'withdrew'} the listing.</p>}
      {findBrowserWallet() === undefined && phase.phase === 'idle' && (
        <p class="warn" data-testid="wallet-missing">This browser has no wallet. To buy, install an Ethereum wallet (MetaMask, Rabby, …) or open this page in your wallet app.</p>
      )}

      {pending !== undefined && phase.phase === 'idle' && (
        <div class="storefront__resume" data-testid="buy-pending" data-purchase-id={pending.purchaseId}>
          <p>You paid for this file from this browser (purchase {pending.purchaseId}, account <code>{pending.buyer}</code>). Continue to receive it; your wallet signs once more to make the same key.</p>
          <button type="button" class="primary" data-testid="buy-resume" onClick={() => { void run(pending) }}>Continue</button>
        </div>
      )}

      {phase.phase === 'idle' && (
        <p class="muted">Your wallet asks for two things: a signature (free; it makes the key your file is sealed to) and the payment of exactly {formatAmount(listing.price, listing.decimals, listing.currency)}{listing.token === null ? ' plus the network fee' : ''}.</p>
      )}
      {(phase.phase === 'idle' || phase.phase === 'failed') && (
        <button type="button" class={pending === undefined ? 'primary' : ''} data-testid="buy-button" disabled={!canBuy || (phase.phase === 'failed' && stage !== 'before-payment')} onClick={() => { void run(undefined) }}>
          {pending === undefined ? `Buy for ${formatAmount(listing.price, listing.decimals, listing.currency)}` : 'Buy another copy'}
        </button>
      )}

      {phase.phase !== 'idle' && <Steps phase={phase} />}
      {phase.phase === 'paying' && phase.transaction !== undefined && <p class="muted">Payment <code data-testid="buy-transaction">{phase.transaction}</code></p>}
      {purchaseId !== undefined && <p class="muted" data-testid="buy-purchase-id" data-purchase-id={purchaseId}>Purchase {purchaseId}</p>}
      {phase.phase === 'downloading' && (
        <ProgressBar fraction={(phase.percent ?? 0) / 100} label={`Download of ${listing.fileName}`} text={`${phase.percent ?? 0}% of ${formatBytes(listing.fileSize)}`} testId="buy-progress" />
      )}

      {phase.phase === 'done' && saved !== undefined && (
        <>
          <p class="ok" data-testid="buy-done">Decrypted and verified: {saved.name} ({formatBytes(saved.size)}) is exactly the file the listing promised. It was saved to your downloads.</p>
          <SaveLink url={saved.url} name={saved.name} />
          {fileKey.current !== undefined && <CopyLink listing={listing} fileKey={fileKey.current} />}
        </>
      )}

      {phase.phase === 'expired' && (
        <div class="error-notice" role="alert" data-testid="buy-expired">
          <p class="error-notice__title">The seller's node did not deliver before the deadline{phase.deadline === undefined ? '' : ` (${formatDeadline(phase.deadline)})`}.</p>
          <p>Your payment is still held by the contract, and it owes it back to you: press Refund and confirm in your wallet (you pay only the network fee).</p>
          <button type="button" class="primary" data-testid="buy-refund" onClick={() => { void refund(phase.purchaseId) }}>Refund {formatAmount(listing.price, listing.decimals, listing.currency)}</button>
        </div>
      )}
      {phase.phase === 'refunded' && <p class="ok" data-testid="buy-refunded">Refunded: the contract sent your payment back to your wallet.</p>}
      {refundError !== undefined && <ErrorNotice error={refundError} title="The refund did not go through" testId="buy-refund-error" />}

      {problem !== undefined && (
        <div class="error-notice" role="alert" data-testid="buy-error" data-error-name={problem.name}>
          <p class="error-notice__title">{problem.title}</p>
          <p>{problem.advice}</p>
          {stage === 'after-payment' && bought.current !== undefined && <button type="button" class="primary" data-testid="buy-continue" onClick={() => { void run({ purchaseId: bought.current!.purchaseId, buyer: bought.current!.buyer }) }}>Continue</button>}
          {stage === 'after-payment' && bought.current === undefined && pending !== undefined && <button type="button" class="primary" data-testid="buy-continue" onClick={() => { void run(pending) }}>Continue</button>}
          {stage === 'download' && <button type="button" class="primary" data-testid="buy-retry" onClick={() => { void retryDownload() }}>Try again</button>}
        </div>
      )}
    </section>
  )
}

/**
 * The bought copy's own share link (this node's `/f/<cid>#k=<key>`): it downloads and decrypts
 * the file again, and installs a bought app on the buyer's own PC2 node, whose install checks
 * the license on chain with the listing's number.
 */
function CopyLink ({ listing, fileKey }: { listing: PublicListing, fileKey: Uint8Array }) {
  const link = shareLinkFor(location.origin, listing.cid, encodeFileKey(fileKey))
  return (
    <div class="storefront__resume" data-testid="buy-copy">
      <label for="buy-copy-link">Your link to this copy</label>
      <input id="buy-copy-link" readOnly value={link} spellcheck={false} data-testid="buy-copy-link" onFocus={(event) => { event.currentTarget.select() }} />
      <p class="muted">It downloads and decrypts the file again. If it is an app, paste it on your own PC2 node's Apps page with listing number {listing.listingId}: your node fetches it from this one and checks your license on the chain. Keep it to yourself, as anyone with it can open the file.</p>
    </div>
  )
}

export default function BuyPage () {
  const listingId = matchPath('/shop/:listing', location.pathname)?.listing ?? ''
  const validId = /^\d{1,78}$/.test(listingId)
  const referral = parseReferral(location.search)
  const listing = useRemoteData(async (signal) => validId ? await api.get<PublicListing>(`/api/storefront/listings/${listingId}`, { signal }) : undefined)
  // A purchase paid from this browser carries the listing as it was: while the shop does
  // not answer, the buyer can still continue (or refund) from it.
  const remembered = validId && listing.error !== undefined ? readPendingPurchase(localStorage, pendingPurchaseKey(listingId))?.listing : undefined
  const shown = listing.data ?? remembered

  return (
    <div class="storefront" data-testid="buy-page" data-listing-id={listingId}>
      <p class="storefront__kicker muted"><Link href="/shop">Storefront</Link></p>
      {!validId && <p class="bad" role="alert" data-testid="buy-invalid">This link does not name a listing: it should end in /shop/ and a number.</p>}
      {listing.error !== undefined && (
        <StorefrontProblem error={listing.error} testId="buy-listing-error">
          <button type="button" onClick={listing.reload}>Try again</button>
        </StorefrontProblem>
      )}
      {remembered !== undefined && listing.data === undefined && (
        <p class="muted" data-testid="buy-remembered">Shown as it was when you paid for it; your purchase can go on from here, since the rest is on the chain.</p>
      )}
      {validId && listing.data === undefined && listing.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading…</p>}
      {shown !== undefined && (
        <>
          <h1 data-testid="buy-title">{shown.title}</h1>
          {shown.description !== '' && <p class="storefront__description" data-testid="buy-description">{shown.description}</p>}
          <ReferralNotice referral={referral} listing={shown} />
          <section class="card" aria-label="About this file"><ListingFacts listing={shown} /></section>
          <Purchase listing={shown} referral={referral} />
          {shown.commissionBps > 0 && shown.status === 'active' && <PromoteBox listing={shown} />}
          <p class="storefront__note muted">
            The file is encrypted. Your payment waits in the contract until the seller's node delivers the file's key, sealed to a key only your wallet's signature makes;
            this page then checks the key, downloads and decrypts the file on this device.
          </p>
        </>
      )}
    </div>
  )
}
