// Product name and version, the main navigation and the owner's Log out button.

import { normalizePath } from '../../lib/router.ts'
import { shortenAddress } from '../../lib/format.ts'
import type { NavigationLink } from '../../routes.ts'
import { Link } from '../link/index.tsx'
import './index.css'

export interface SiteHeaderProps {
  productName: string
  version: string | undefined
  /** The signed-in owner; undefined hides navigation and Log out. */
  address: string | undefined
  links: readonly NavigationLink[]
  currentPath: string
  onLogOut: () => void
}

export function SiteHeader ({ productName, version, address, links, currentPath, onLogOut }: SiteHeaderProps) {
  const current = normalizePath(currentPath)
  return (
    <header class="site-header">
      <div class="site-header__brand">
        <Link href="/" class="site-header__name">{productName}</Link>
        {version !== undefined && <span class="site-header__version" data-testid="product-version">v{version}</span>}
      </div>
      {links.length > 0 && (
        <nav class="site-header__nav" aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.id}>
                <Link href={link.href} data-testid={`nav-${link.id}`} aria-current={current === link.href ? 'page' : undefined}>{link.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {address !== undefined && (
        <div class="site-header__account">
          <span class="site-header__address" title={address}>{shortenAddress(address)}</span>
          <button type="button" data-testid="logout-button" onClick={onLogOut}>Log out</button>
        </div>
      )}
    </header>
  )
}
