// "Make your referral link" for a listing: a promoter enters (or takes from their wallet)
// the address to be paid, and gets the listing's link with `?ref=` and the page where their
// earnings show. Nothing is sent anywhere: the link is made in this tab.

import { useId, useRef, useState } from 'preact/hooks'
import type { PublicListing } from '@pc2/core'
import { formatAmount, formatBasisPoints, promoterShare } from '../../lib/amounts.ts'
import { copyText } from '../../lib/clipboard.ts'
import { promoterPageLink, referralLink } from '../../lib/referral.ts'
import { findBrowserWallet, requestAccount } from '../../lib/wallet.ts'
import { Link } from '../link/index.tsx'
import './index.css'

type CopyState = 'idle' | 'copied' | 'manual'

export function PromoteBox ({ listing }: { listing: Pick<PublicListing, 'listingId' | 'price' | 'commissionBps' | 'decimals' | 'currency'> }) {
  const id = useId()
  const [address, setAddress] = useState('')
  const [made, setMade] = useState<{ link: string, earnings: string } | undefined>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const [copied, setCopied] = useState<CopyState>('idle')
  const field = useRef<HTMLInputElement>(null)
  const share = formatAmount(promoterShare(BigInt(listing.price), listing.commissionBps), listing.decimals, listing.currency)

  const make = (text: string): void => {
    setCopied('idle')
    try {
      const link = referralLink(location.origin, listing.listingId, text)
      setProblem(undefined)
      setMade({ link, earnings: promoterPageLink(location.origin, text.trim()) })
    } catch (error) {
      setMade(undefined)
      setProblem((error as Error).message)
    }
  }
  const fromWallet = async (): Promise<void> => {
    const provider = findBrowserWallet()
    if (provider === undefined) {
      setProblem('This browser has no wallet: type the address you want to be paid at.')
      return
    }
    try {
      const account = await requestAccount(provider)
      setAddress(account)
      make(account)
    } catch (error) {
      setProblem(`The wallet did not share an address: ${(error as Error).message}`)
    }
  }

  return (
    <section class="card promote-box" aria-labelledby={`${id}-heading`} data-testid="promote-box">
      <h2 id={`${id}-heading`}>Promote this file</h2>
      <p>Share your own link to this page: for every sale it brings, the contract pays you {formatBasisPoints(listing.commissionBps)} of the price ({share} now), in the same transaction that delivers the file.</p>
      <form class="promote-box__form" onSubmit={(event) => { event.preventDefault(); make(address) }}>
        <label for={`${id}-address`}>Your address (to be paid at)</label>
        <div class="promote-box__row">
          <input id={`${id}-address`} value={address} placeholder="0x…" spellcheck={false} aria-invalid={problem !== undefined} onInput={(event) => { setAddress(event.currentTarget.value) }} data-testid="promote-address" />
          <button type="button" onClick={() => { void fromWallet() }} data-testid="promote-from-wallet">Use my wallet's address</button>
          <button type="submit" class="primary" data-testid="promote-make">Make my link</button>
        </div>
      </form>
      {problem !== undefined && <p class="field-error" role="alert" data-testid="promote-problem">{problem}</p>}
      {made !== undefined && (
        <>
          <div class="promote-box__row">
            <label class="visually-hidden" for={`${id}-link`}>Your referral link</label>
            <input id={`${id}-link`} ref={field} readOnly value={made.link} spellcheck={false} data-testid="promote-link" onFocus={(event) => { event.currentTarget.select() }} />
            <button type="button" onClick={() => { void copyText(made.link, field.current).then((done) => { setCopied(done ? 'copied' : 'manual') }) }} data-testid="promote-copy">Copy</button>
          </div>
          <p role="status" class="muted" data-testid="promote-copied" data-state={copied}>
            {copied === 'copied' && 'Copied to the clipboard. '}
            {copied === 'manual' && 'Copying is not allowed here: the link is selected, copy it with Ctrl+C (⌘C). '}
            Your earnings: <Link href={new URL(made.earnings).pathname} data-testid="promote-earnings">{made.earnings}</Link>
          </p>
        </>
      )}
    </section>
  )
}
