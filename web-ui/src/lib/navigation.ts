// A router in two functions: `navigate` changes the URL with the History API, and
// `useLocation` re-renders when it changes (links, back/forward).

import { useEffect, useState } from 'preact/hooks'

const changeEvent = 'pc2:navigate'

export interface CurrentLocation {
  pathname: string
  search: string
}

function readLocation (): CurrentLocation {
  return { pathname: location.pathname, search: location.search }
}

/** Pages the node serves itself rather than this UI: the owner's web apps. */
const servedByNode = /^\/apps\/[^/?#]/

export function navigate (to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return
  if (servedByNode.test(to)) {
    if (options.replace === true) location.replace(to)
    else location.assign(to)
    return
  }
  if (options.replace === true) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  dispatchEvent(new Event(changeEvent))
}

export function useLocation (): CurrentLocation {
  const [current, setCurrent] = useState(readLocation)
  useEffect(() => {
    const update = (): void => {
      setCurrent((previous) => {
        const next = readLocation()
        return next.pathname === previous.pathname && next.search === previous.search ? previous : next
      })
    }
    addEventListener('popstate', update)
    addEventListener(changeEvent, update)
    return () => {
      removeEventListener('popstate', update)
      removeEventListener(changeEvent, update)
    }
  }, [])
  return current
}

/** Click handler for same-origin links: navigate in place unless the user asked for a new tab. */
export function followLinkInPlace (event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  navigate(href)
}
