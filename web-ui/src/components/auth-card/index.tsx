// The frame of the claim and login pages: a heading, what is about to happen, and an early
// word when there is no browser wallet to do it with.

import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { findBrowserWallet } from '../../lib/wallet.ts'
import './index.css'

export interface AuthCardProps {
  title: string
  /** Finishes "A browser wallet (e.g. MetaMask) is needed to …". */
  purpose: string
  children?: ComponentChildren
}

export function AuthCard ({ title, purpose, children }: AuthCardProps) {
  const [walletMissing] = useState(() => findBrowserWallet() === undefined)
  return (
    <section class="auth-card card" aria-labelledby="auth-card-heading">
      <h1 id="auth-card-heading">{title}</h1>
      {walletMissing && (
        <p class="auth-card__notice" data-testid="wallet-missing">
          A browser wallet (e.g. MetaMask) is needed to {purpose}. Install one, then reload this page.
        </p>
      )}
      {children}
    </section>
  )
}
