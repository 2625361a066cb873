// Loads a page's code the first time it is shown (esbuild splits it into its own chunk),
// so the first screen carries only what it needs. A chunk that fails to load (e.g. the
// node was updated and the old file is gone) is thrown to the error boundary, whose
// Reload button fetches the new one.

import type { ComponentType, FunctionComponent } from 'preact'
import { useEffect, useState } from 'preact/hooks'

export class PageLoadError extends Error {
  override name = 'PageLoadError'
}

export function lazyPage<Props extends object> (load: () => Promise<{ default: ComponentType<Props> }>): FunctionComponent<Props> {
  let component: ComponentType<Props> | undefined
  let loading: Promise<void> | undefined

  return function LazyPage (props: Props) {
    const [, setLoaded] = useState(false)
    const [failure, setFailure] = useState<unknown>(undefined)

    useEffect(() => {
      if (component !== undefined) return
      let mounted = true
      loading ??= load().then((module) => { component = module.default })
      loading.then(() => { if (mounted) setLoaded(true) }, (error: unknown) => {
        loading = undefined
        if (mounted) setFailure(error)
      })
      return () => { mounted = false }
    }, [])

    if (failure !== undefined) throw new PageLoadError(`This page could not be loaded: ${(failure as Error).message}`)
    if (component === undefined) return <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading…</p>
    const Page = component
    return <Page {...props} />
  }
}
