// Loads something from the node, optionally again every `refreshMs` while the page is
// visible (a hidden tab asks nothing). The last good answer stays on screen if a refresh
// fails, with the error next to it.

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
