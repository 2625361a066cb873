// A live view over Server-Sent Events: EventSource reconnects by itself after a drop; this
// tracks whether it is connected now (for a "live" badge) and hands each named event's JSON
// to the page. Closed when the page goes away.

import { useEffect, useRef, useState } from 'preact/hooks'

export type StreamState = 'connecting' | 'live' | 'reconnecting'

export function useEventStream (url: string | undefined, handlers: Record<string, (data: unknown) => void>): StreamState {
  const [state, setState] = useState<StreamState>('connecting')
  const [generation, setGeneration] = useState(0)
  const handlersRef = useRef(handlers)
  handlersRef.current = handlers
  const names = Object.keys(handlers).sort().join(',')

  useEffect(() => {
    if (url === undefined || typeof EventSource === 'undefined') return
    const source = new EventSource(url)
    setState('connecting')
    source.onopen = () => { setState('live') }
    source.onerror = () => { setState('reconnecting') }
    const listeners = names.split(',').filter((name) => name !== '').map((name) => {
      const listener = (event: MessageEvent<string>): void => {
        try {
          handlersRef.current[name]?.(JSON.parse(event.data))
        } catch {
          // A malformed event is skipped; the next full reload shows the truth.
        }
      }
      source.addEventListener(name, listener)
      return [name, listener] as const
    })
    // EventSource gives up for good on an HTTP error (e.g. a restart of the shop answered 503):
    // try again every few seconds, as it would after a dropped connection.
    let retry: ReturnType<typeof setTimeout> | undefined
    const watchdog = setInterval(() => {
      if (source.readyState === EventSource.CLOSED) {
        clearInterval(watchdog)
        retry = setTimeout(() => { setState('reconnecting'); setGeneration((count) => count + 1) }, 0)
      }
    }, 3000)
    return () => {
      clearInterval(watchdog)
      clearTimeout(retry)
      for (const [name, listener] of listeners) source.removeEventListener(name, listener)
      source.close()
    }
  }, [url, names, generation])

  return state
}
