// The one route table: every page of the admin UI, its title, and whether only the owner
// may see it. The shell (components/app) and the header's navigation both read it.
// Pages other than the dashboard load on first visit. The download page of share links and
// the storefront's pages (/shop…) are standalone: public, without the admin's header, and
// they load the crypto code themselves. `/shop/promoters/:address` and `/shop/:listing`
// differ in length, so their order does not matter.

import type { ComponentType } from 'preact'
import { lazyPage } from './lib/lazy-page.tsx'
import { DashboardPage } from './pages/dashboard/index.tsx'
import { NotFoundPage } from './pages/not-found/index.tsx'
import type { PageProps } from './pages/page-props.ts'

export interface AppRoute {
  /** Stable name, used in test ids (`nav-<id>`). */
  id: string
  path: string
  title: string
  requiresOwner: boolean
  /** For anyone, outside the admin frame: no header, no session, no redirects. */
  standalone?: boolean
  /** Shown in the header's navigation when set. */
  navigationLabel?: string
  component: ComponentType<PageProps>
}

export const routes: readonly AppRoute[] = [
  { id: 'dashboard', path: '/', title: 'Dashboard', requiresOwner: true, navigationLabel: 'Dashboard', component: DashboardPage },
  { id: 'files', path: '/files', title: 'Files', requiresOwner: true, navigationLabel: 'Files', component: lazyPage(async () => await import('./pages/files/index.tsx')) },
  { id: 'shop', path: '/listings', title: 'Shop', requiresOwner: true, navigationLabel: 'Shop', component: lazyPage(async () => await import('./pages/shop/index.tsx')) },
  { id: 'sales', path: '/sales', title: 'Sales', requiresOwner: true, navigationLabel: 'Sales', component: lazyPage(async () => await import('./pages/sales/index.tsx')) },
  { id: 'storage', path: '/storage', title: 'Storage', requiresOwner: true, navigationLabel: 'Storage', component: lazyPage(async () => await import('./pages/storage/index.tsx')) },
  { id: 'peers', path: '/peers', title: 'Peers', requiresOwner: true, navigationLabel: 'Peers', component: lazyPage(async () => await import('./pages/peers/index.tsx')) },
  { id: 'apps', path: '/apps', title: 'Apps', requiresOwner: true, navigationLabel: 'Apps', component: lazyPage(async () => await import('./pages/apps/index.tsx')) },
  { id: 'network', path: '/network', title: 'Network', requiresOwner: true, navigationLabel: 'Network', component: lazyPage(async () => await import('./pages/network/index.tsx')) },
  { id: 'system', path: '/system', title: 'System', requiresOwner: true, navigationLabel: 'System', component: lazyPage(async () => await import('./pages/system/index.tsx')) },
  { id: 'settings', path: '/settings', title: 'Settings', requiresOwner: true, navigationLabel: 'Settings', component: lazyPage(async () => await import('./pages/settings/index.tsx')) },
  { id: 'claim', path: '/claim', title: 'Claim this node', requiresOwner: false, component: lazyPage(async () => await import('./pages/claim/index.tsx')) },
  { id: 'login', path: '/login', title: 'Sign in', requiresOwner: false, component: lazyPage(async () => await import('./pages/login/index.tsx')) },
  { id: 'download', path: '/f/:cid', title: 'Shared file', requiresOwner: false, standalone: true, component: lazyPage(async () => await import('./pages/download/index.tsx')) },
  { id: 'storefront', path: '/shop', title: 'Storefront', requiresOwner: false, standalone: true, component: lazyPage(async () => await import('./pages/storefront/index.tsx')) },
  { id: 'promoter', path: '/shop/promoters/:address', title: 'Promoter earnings', requiresOwner: false, standalone: true, component: lazyPage(async () => await import('./pages/promoter/index.tsx')) },
  { id: 'buy', path: '/shop/:listing', title: 'Buy a file', requiresOwner: false, standalone: true, component: lazyPage(async () => await import('./pages/buy/index.tsx')) }
]

/** Shown for any path not in the table. */
export const notFoundRoute: AppRoute = { id: 'not-found', path: '', title: 'Not found', requiresOwner: false, component: NotFoundPage }

export interface NavigationLink {
  id: string
  href: string
  label: string
}

export const navigationLinks: readonly NavigationLink[] = routes.flatMap((route) =>
  route.navigationLabel === undefined ? [] : [{ id: route.id, href: route.path, label: route.navigationLabel }])
