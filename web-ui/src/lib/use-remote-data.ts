// A page and its node. useRemoteData loads something from the node, optionally again every
// `refreshMs` while the page is visible (a hidden tab asks nothing); the last good answer
// stays on screen if a refresh fails, with the error next to it. useAction runs one
// operation the owner starts (a form's submit, a button): busy while it runs, a second
// start meanwhile ignored, and its failure kept for the page to show until the next start.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

export interface RemoteData<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  updatedAt: Date | undefined
  reload: () => void
  /** Replace the data with a fresher copy the caller already has (e.g. a PUT's answer). */
  replace: (data: T) => void
}

export function useRemoteData<T> (load: (signal: AbortSignal) => Promise<T>, options: { refreshMs?: number } = {}): RemoteData<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [loading, setLoading] = useState(true)
  const [updatedAt, setUpdatedAt] = useState<Date | undefined>(undefined)
  const [generation, setGeneration] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  const { refreshMs } = options

  useEffect(() => {
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let running = false

    const run = async (): Promise<void> => {
      if (running || controller.signal.aborted) return
      running = true
      clearTimeout(timer)
      setLoading(true)
      try {
        const answer = await loadRef.current(controller.signal)
        if (controller.signal.aborted) return
        setData(answer)
        setError(undefined)
        setUpdatedAt(new Date())
      } catch (caught) {
        if (controller.signal.aborted) return
        setError(caught)
      } finally {
        running = false
        if (!controller.signal.aborted) {
          setLoading(false)
          if (refreshMs !== undefined && document.visibilityState === 'visible') timer = setTimeout(() => { void run() }, refreshMs)
        }
      }
    }

    const onVisibilityChange = (): void => {
      if (document.visibilityState === 'visible') void run()
      else clearTimeout(timer)
    }

    void run()
    if (refreshMs !== undefined) document.addEventListener('visibilitychange', onVisibilityChange)
    return () => {
      controller.abort()
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisibilityChange)
    }
  }, [refreshMs, generation])

  const reload = useCallback(() => { setGeneration((value) => value + 1) }, [])
  const replace = useCallback((fresh: T) => {
    setData(fresh)
    setError(undefined)
    setUpdatedAt(new Date())
  }, [])
  return { data, error, loading, updatedAt, reload, replace }
}

export interface Action<Args extends unknown[]> {
  busy: boolean
  error: unknown
  run: (...args: Args) => Promise<void>
}

export function useAction<Args extends unknown[]> (operation: (...args: Args) => Promise<void>): Action<Args> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  // A ref, not `busy`: a second click can come before the re-render that disables the button.
  const running = useRef(false)
  const run = async (...args: Args): Promise<void> => {
    if (running.current) return
    running.current = true
    setBusy(true)
    setError(undefined)
    try {
      await operation(...args)
    } catch (caught) {
      setError(caught)
    } finally {
      running.current = false
      setBusy(false)
    }
  }
  return { busy, error, run }
}
