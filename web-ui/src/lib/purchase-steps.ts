// Where a buyer stands, as one state, and the step list the storefront draws from it:
// Paying → Waiting for the seller's node → Key received → Downloading → Decrypting → Saved.
// Pure, so the order and the wording are tested without a browser.

import type { PublicListing } from '@pc2/core'

export type PurchasePhase =
  | { phase: 'idle' }
  | { phase: 'connecting' }
  | { phase: 'signing' }
  | { phase: 'checking' }
  | { phase: 'approving' }
  | { phase: 'paying', transaction?: string }
  /** `nodeReachable` false: the seller's node does not answer right now (the page keeps asking). */
  | { phase: 'waiting', purchaseId: string, deadline: number | undefined, nodeReachable?: boolean }
  | { phase: 'key', purchaseId: string }
  | { phase: 'downloading', purchaseId: string, percent: number | undefined }
  | { phase: 'decrypting', purchaseId: string }
  | { phase: 'done', purchaseId: string }
  | { phase: 'expired', purchaseId: string, deadline: number | undefined }
  | { phase: 'refunding', purchaseId: string }
  | { phase: 'refunded', purchaseId: string }
  /** `step`: where it failed, when later than paying or waiting (a download that broke off). */
  | { phase: 'failed', error: unknown, purchaseId?: string, step?: Step['id'] }

export type StepState = 'todo' | 'active' | 'done' | 'failed'

export interface Step {
  id: 'pay' | 'deliver' | 'key' | 'download' | 'decrypt' | 'done'
  label: string
  state: StepState
}

const order: ReadonlyArray<Step['id']> = ['pay', 'deliver', 'key', 'download', 'decrypt', 'done']

/** Which step a phase is at; undefined before anything started. */
export function currentStep (state: PurchasePhase): Step['id'] | undefined {
  switch (state.phase) {
    case 'idle': return undefined
    case 'connecting': case 'signing': case 'checking': case 'approving': case 'paying': return 'pay'
    case 'waiting': case 'expired': case 'refunding': case 'refunded': return 'deliver'
    case 'key': return 'key'
    case 'downloading': return 'download'
    case 'decrypting': return 'decrypt'
    case 'done': return 'done'
    case 'failed': return state.step ?? (state.purchaseId === undefined ? 'pay' : 'deliver')
  }
}

export function purchaseSteps (state: PurchasePhase, formatDeadline: (unixSeconds: number) => string = (seconds) => new Date(seconds * 1000).toLocaleString()): Step[] {
  const at = currentStep(state)
  const atIndex = at === undefined ? -1 : order.indexOf(at)
  const failed = state.phase === 'failed' || state.phase === 'expired' || state.phase === 'refunding' || state.phase === 'refunded'
  return order.map((id, index) => {
    let stepState: StepState = index < atIndex ? 'done' : index === atIndex ? 'active' : 'todo'
    if (index === atIndex && failed) stepState = 'failed'
    if (id === 'done' && state.phase === 'done') stepState = 'done'
    return { id, label: labelOf(id, state, formatDeadline), state: stepState }
  })
}

const doneLabels: Record<Step['id'], string> = {
  pay: 'Paid',
  deliver: 'Delivered by the seller\'s node',
  key: 'Key received and checked',
  download: 'Downloaded',
  decrypt: 'Decrypted and verified',
  done: 'Saved'
}

function labelOf (id: Step['id'], state: PurchasePhase, formatDeadline: (unixSeconds: number) => string): string {
  const at = currentStep(state)
  if (at !== undefined && (order.indexOf(id) < order.indexOf(at) || (id === 'done' && state.phase === 'done'))) return doneLabels[id]
  switch (id) {
    case 'pay':
      if (state.phase === 'connecting') return 'Paying: connecting your wallet…'
      if (state.phase === 'signing') return 'Paying: sign the buyer-key message in your wallet (free, no transaction)…'
      if (state.phase === 'checking') return 'Paying: checking the listing on the chain…'
      if (state.phase === 'approving') return 'Paying: approve the token payment in your wallet…'
      if (state.phase === 'paying') return state.transaction === undefined ? 'Paying: confirm the payment in your wallet…' : 'Paying: waiting for the payment to confirm…'
      return 'Paying'
    case 'deliver': {
      const deadline = 'deadline' in state && state.deadline !== undefined ? ` (by ${formatDeadline(state.deadline)})` : ''
      if (state.phase === 'expired') return `The seller's node did not deliver in time${deadline}: you can take your money back`
      if (state.phase === 'refunding') return 'Refunding: confirm in your wallet, then wait for the transaction…'
      if (state.phase === 'refunded') return 'Refunded: your payment went back to your wallet'
      if (state.phase === 'waiting' && state.nodeReachable === false) return `Waiting for the seller's node${deadline}: it does not answer right now, still trying…`
      return `Waiting for the seller's node to deliver the key${deadline}…`
    }
    case 'key': return state.phase === 'key' ? 'Key received: checking it against the listing…' : 'Key received'
    case 'download': return state.phase === 'downloading' && state.percent !== undefined ? `Downloading ${state.percent}%` : 'Downloading'
    case 'decrypt': return state.phase === 'decrypting' ? 'Decrypting…' : 'Decrypting'
    case 'done': return 'Saved'
  }
}

/** Purchases this browser is waiting for, so a reload resumes instead of starting over. */
export interface PendingPurchase {
  purchaseId: string
  buyer: string
  /**
   * The listing as it was when paid: with it the page can continue (and refund) while the
   * seller's node does not answer, since everything else is on the chain.
   */
  listing?: PublicListing
}

/** One per listing of this origin's shop; the record's listing says which contract. */
export function pendingPurchaseKey (listingId: string): string {
  return `pc2-shop-purchase:${listingId}`
}

function isListing (value: unknown): value is PublicListing {
  const listing = value as Partial<PublicListing> | null
  return typeof listing?.listingId === 'string' && typeof listing.contract === 'string' && typeof listing.chainId === 'number' &&
    typeof listing.cid === 'string' && typeof listing.keyCommitment === 'string' && typeof listing.price === 'string' && typeof listing.title === 'string'
}

export function savePendingPurchase (storage: Pick<Storage, 'setItem'>, key: string, purchase: PendingPurchase): void {
  try {
    storage.setItem(key, JSON.stringify(purchase))
  } catch {
    // Private browsing or a full storage: the purchase id is also on the page and on the chain.
  }
}

export function forgetPendingPurchase (storage: Pick<Storage, 'removeItem'>, key: string): void {
  try {
    storage.removeItem(key)
  } catch {}
}

export function readPendingPurchase (storage: Pick<Storage, 'getItem'>, key: string): PendingPurchase | undefined {
  try {
    const value = JSON.parse(storage.getItem(key) ?? 'null') as Partial<PendingPurchase> | null
    if (typeof value?.purchaseId === 'string' && /^\d+$/.test(value.purchaseId) && typeof value.buyer === 'string') {
      return { purchaseId: value.purchaseId, buyer: value.buyer, ...(isListing(value.listing) ? { listing: value.listing } : {}) }
    }
  } catch {}
  return undefined
}
