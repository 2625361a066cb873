// The shell: asks the node who we are, sends the visitor where the session allows
// (claim, login or the page asked for), and frames every page with the header, except
// standalone pages (a share link's download page), which anyone sees as they are.

import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { api, onUnauthenticated, setCsrfToken } from '../../lib/api.ts'
import type { HealthResponse, SessionResponse } from '../../lib/api-types.ts'
import { loginPath, matchRoute, redirectFor } from '../../lib/router.ts'
import { navigate, useLocation } from '../../lib/navigation.ts'
import { navigationLinks, notFoundRoute, routes } from '../../routes.ts'
import { ErrorNotice } from '../error-notice/index.tsx'
import { SiteHeader } from '../site-header/index.tsx'
import './index.css'

const visitorSession: SessionResponse = { claimed: true, authenticated: false }

export function App () {
  const { pathname, search } = useLocation()
  const [health, setHealth] = useState<HealthResponse | undefined>(undefined)
  const [session, setSession] = useState<SessionResponse | undefined>(undefined)
  const [sessionError, setSessionError] = useState<unknown>(undefined)
  const [sessionRequest, setSessionRequest] = useState(0)
  const [logoutError, setLogoutError] = useState<unknown>(undefined)
  const main = useRef<HTMLElement>(null)

  const applySession = useCallback((next: SessionResponse) => {
    setCsrfToken(next.authenticated ? next.csrfToken : undefined)
    setSession(next)
  }, [])
  const refreshSession = useCallback(() => { setSessionRequest((count) => count + 1) }, [])

  useEffect(() => {
    api.get<HealthResponse>('/api/health').then(setHealth, () => { /* the header falls back to "PC2" */ })
  }, [])

  useEffect(() => {
    const controller = new AbortController()
    setSessionError(undefined)
    api.get<SessionResponse>('/api/auth/session', { signal: controller.signal }).then(applySession, (error: unknown) => {
      if (!controller.signal.aborted) setSessionError(error)
    })
    return () => { controller.abort() }
  }, [sessionRequest, applySession])

  useEffect(() => onUnauthenticated(() => { applySession({ claimed: true, authenticated: false }) }), [applySession])

  const route = matchRoute(routes, pathname)
  const shown = route ?? notFoundRoute
  const redirect = session === undefined ? undefined : redirectFor(session, route, pathname, search)
  useEffect(() => {
    if (redirect !== undefined) navigate(redirect, { replace: true })
  }, [redirect])

  const productName = health?.product.name ?? 'PC2'
  useEffect(() => { document.title = `${shown.title} · ${productName}` }, [shown, productName])

  // After an in-app navigation, start keyboard and screen-reader users at the new content.
  const firstPath = useRef(pathname)
  useEffect(() => {
    if (pathname !== firstPath.current) main.current?.focus({ preventScroll: true })
  }, [pathname])

  const logOut = useCallback(async () => {
    setLogoutError(undefined)
    try {
      await api.post('/api/auth/logout')
    } catch (error) {
      if ((error as Error).name !== 'UnauthenticatedError') {
        setLogoutError(error)
        return
      }
    }
    applySession({ claimed: true, authenticated: false })
    navigate(loginPath, { replace: true })
  }, [applySession])

  if (shown.standalone === true) {
    // A page for anyone (a share link's download page): no admin header, no waiting for
    // the session, which such a page does not read.
    const Page = shown.component
    return (
      <main id="main" class="page page--standalone" tabIndex={-1} ref={main}>
        <Page session={session ?? visitorSession} onSessionChange={applySession} refreshSession={refreshSession} />
      </main>
    )
  }

  let content: ComponentChildren
  if (sessionError !== undefined) {
    content = (
      <ErrorNotice error={sessionError} title="Could not reach the node">
        <button type="button" onClick={refreshSession}>Try again</button>
      </ErrorNotice>
    )
  } else if (session === undefined || redirect !== undefined) {
    content = <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Connecting to the node…</p>
  } else {
    const Page = shown.component
    content = <Page session={session} onSessionChange={applySession} refreshSession={refreshSession} />
  }

  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <SiteHeader
        productName={productName}
        version={health?.product.version}
        address={session?.authenticated === true ? session.address : undefined}
        links={session?.authenticated === true ? navigationLinks : []}
        currentPath={pathname}
        onLogOut={logOut}
      />
      <main id="main" class="page" tabIndex={-1} ref={main}>
        {logoutError !== undefined && <ErrorNotice error={logoutError} title="Could not log out" />}
        {content}
      </main>
    </>
  )
}
