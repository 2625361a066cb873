// What went wrong with a purchase, for the buyer: someone who may know nothing about PC2,
// so each problem is said in plain words with what to do, and whether their money moved.
// Matched on the error's `name` (wallet, chain and shop errors), then on the download's.

import { describeDownloadProblem } from './download-errors.ts'

export interface PurchaseProblem {
  name: string
  title: string
  advice: string
}

const beforePayment: Record<string, Omit<PurchaseProblem, 'name'>> = {
  WalletMissingError: {
    title: 'This browser has no wallet.',
    advice: 'Buying needs an Ethereum wallet in the browser (MetaMask, Rabby, Coinbase Wallet, …). Install one, or open this page in your wallet app\'s browser, then reload. Nothing was paid.'
  },
  WalletRejectedError: {
    title: 'You declined the request in your wallet.',
    advice: 'Nothing was paid. Press Buy again when you are ready, and approve the requests your wallet shows.'
  },
  WalletBusyError: {
    title: 'Your wallet is already showing a request.',
    advice: 'Open your wallet, answer or dismiss what it shows, then press Buy again. Nothing was paid.'
  },
  WrongChainError: {
    title: 'Your wallet is on another network.',
    advice: 'Nothing was paid.'
  },
  InsufficientFundsError: {
    title: 'Not enough funds in your wallet.',
    advice: 'Add funds to this account, or choose another account in your wallet, then press Buy again.'
  },
  ListingChangedError: {
    title: 'The listing changed.',
    advice: 'Nothing was paid. Reload the page to see it as it is now.'
  },
  TransactionFailedError: {
    title: 'The payment was refused by the contract.',
    advice: 'Your payment did not go through (only the network fee was spent). Reload the page: the listing may have changed.'
  }
}

const afterPayment: Record<string, Omit<PurchaseProblem, 'name'>> = {
  WalletRejectedError: {
    title: 'You declined the request in your wallet.',
    advice: 'Your purchase is paid and safe. Press Continue and approve the signature: it makes the key that opens your file.'
  },
  WrongChainError: {
    title: 'Your wallet is on another network.',
    advice: 'Your purchase is paid and safe. Switch your wallet back to the shop\'s network and press Continue.'
  },
  NotYourPurchaseError: {
    title: 'This purchase was made with another account.',
    advice: 'Choose the account that paid in your wallet, then press Continue.'
  },
  DeliveredKeyMismatchError: {
    title: 'The key the seller delivered does not fit.',
    advice: 'Tell the seller, with your purchase number. Your wallet holds the license token either way.'
  }
}

/**
 * `stage`: where the purchase was. Before the payment nothing has moved; after it the
 * money is in escrow, and the words must say so (never "nothing was paid").
 */
export type PurchaseStage = 'before-payment' | 'after-payment' | 'download'

export function describePurchaseProblem (error: unknown, stage: PurchaseStage): PurchaseProblem {
  const name = error instanceof Error ? error.name : 'Error'
  const message = error instanceof Error ? error.message : String(error)
  if (stage === 'download') {
    const download = describeDownloadProblem(error)
    return { name, title: download.title, advice: `${download.advice} Your purchase is paid and the key is in this page: press Try again to download the file again.` }
  }
  const known = (stage === 'after-payment' ? afterPayment : beforePayment)[name]
  if (known !== undefined) {
    // Our own errors carry the specific sentence (the chains, the balance): it is the title.
    const specific = ['WrongChainError', 'InsufficientFundsError', 'ListingChangedError', 'NotYourPurchaseError'].includes(name)
    return { name, title: specific ? message : known.title, advice: known.advice }
  }
  if (stage === 'after-payment') {
    return { name, title: 'Something went wrong after your payment.', advice: `${message} Your purchase is paid and safe: press Continue to try again.` }
  }
  return { name, title: 'The purchase did not go through.', advice: `${message} Nothing was paid.` }
}

/** The storefront's public pages when the shop does not answer: for visitors, not the owner. */
export function describeStorefrontProblem (error: unknown): PurchaseProblem {
  const name = error instanceof Error ? error.name : 'Error'
  const status = (error as { status?: unknown } | undefined)?.status
  if (name === 'ListingNotFoundError' || name === 'PurchaseNotFoundError' || status === 404) {
    return { name, title: 'This shop has no such listing.', advice: 'Check the link with whoever sent it; the seller may have withdrawn the file.' }
  }
  if (name === 'InvalidInputError' || status === 400) {
    return { name, title: 'This link is not quite right.', advice: 'Copy the whole link again from where you found it.' }
  }
  if (name === 'TooManyRequestsError' || status === 429) {
    return { name, title: 'Too many requests from this device.', advice: 'Wait a minute, then try again.' }
  }
  if (name === 'ShopNotConfiguredError') {
    return { name, title: 'This node does not sell anything right now.', advice: 'Its owner has selling switched off. Try again later.' }
  }
  return { name, title: 'The shop cannot be reached right now.', advice: 'The seller\'s node may be restarting or offline. Try again in a moment.' }
}
