// The one route table: every page of the admin UI, its title, and whether only the owner
// may see it. The shell (components/app) and the header's navigation both read it.
// Pages other than the dashboard load on first visit.

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
  /** Shown in the header's navigation when set. */
  navigationLabel?: string
  component: ComponentType<PageProps>
}

export const routes: readonly AppRoute[] = [
  { id: 'dashboard', path: '/', title: 'Dashboard', requiresOwner: true, navigationLabel: 'Dashboard', component: DashboardPage },
  { id: 'system', path: '/system', title: 'System', requiresOwner: true, navigationLabel: 'System', component: lazyPage(async () => await import('./pages/system/index.tsx')) },
  { id: 'settings', path: '/settings', title: 'Settings', requiresOwner: true, navigationLabel: 'Settings', component: lazyPage(async () => await import('./pages/settings/index.tsx')) },
  { id: 'claim', path: '/claim', title: 'Claim this node', requiresOwner: false, component: lazyPage(async () => await import('./pages/claim/index.tsx')) },
  { id: 'login', path: '/login', title: 'Sign in', requiresOwner: false, component: lazyPage(async () => await import('./pages/login/index.tsx')) }
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
