// The journal: the last 200 lines for the chosen unit and priority, then new lines live
// over Server-Sent Events. Follows the newest line unless the owner scrolled up; Pause
// holds new lines back. Changing a filter starts over; leaving the page closes the stream.

import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { api, reportUnauthenticated } from '../../lib/api.ts'
import type { AdminStatus, JournalEntry, JournalResponse, SessionResponse } from '../../lib/api-types.ts'
import { formatClockTime } from '../../lib/format.ts'
import {
  appendCapped, defaultPriority, historyLines, isValidUnitName, journalQuery, parseJournalEvent,
  priorityNames, toJournalLines
} from '../../lib/journal.ts'
import type { JournalFilter, JournalLine } from '../../lib/journal.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { ErrorNotice } from '../error-notice/index.tsx'
import './index.css'

type Connection = 'loading' | 'connecting' | 'live' | 'reconnecting' | 'closed'

const connectionText: Record<Connection, string> = {
  loading: `Loading the last ${historyLines} lines…`,
  connecting: 'Connecting to new lines…',
  live: 'Live',
  reconnecting: 'Connection lost, reconnecting…',
  closed: 'Disconnected'
}

/** Typing pauses this long before the unit filter applies. */
const unitTypingDelayMs = 400
/** How close to the bottom (px) still counts as "following". */
const followSlackPx = 24

export function JournalViewer () {
  const id = useId()
  const status = useRemoteData(async (signal) => await api.get<AdminStatus>('/api/status', { signal }))
  const unitSuggestions = status.data?.units.map((unit) => unit.name) ?? []

  const [unitText, setUnitText] = useState('')
  const [filter, setFilter] = useState<JournalFilter>({ unit: '', priority: defaultPriority })
  const [connectAttempt, setConnectAttempt] = useState(0)
  const unit = unitText.trim()
  const unitValid = unit === '' || isValidUnitName(unit)

  useEffect(() => {
    if (!unitValid) return
    const timer = setTimeout(() => { setFilter((current) => current.unit === unit ? current : { ...current, unit }) }, unitTypingDelayMs)
    return () => { clearTimeout(timer) }
  }, [unit, unitValid])

  const [lines, setLines] = useState<JournalLine[]>([])
  const [connection, setConnection] = useState<Connection>('loading')
  const [loadError, setLoadError] = useState<unknown>(undefined)
  const [paused, setPaused] = useState(false)
  const pausedRef = useRef(false)
  const held = useRef<JournalLine[]>([])
  const [heldCount, setHeldCount] = useState(0)
  const scroller = useRef<HTMLDivElement>(null)
  // Follow the newest line unless the owner scrolled up to read.
  const following = useRef(true)

  useEffect(() => {
    const controller = new AbortController()
    let source: EventSource | undefined
    setLines([])
    setLoadError(undefined)
    setConnection('loading')
    held.current = []
    setHeldCount(0)
    following.current = true

    const receive = (entry: JournalEntry): void => {
      const added = toJournalLines([entry])
      if (pausedRef.current) {
        held.current = appendCapped(held.current, added)
        setHeldCount(held.current.length)
      } else {
        setLines((current) => appendCapped(current, added))
      }
    }

    api.get<JournalResponse>(`/api/journal?${journalQuery(filter, historyLines)}`, { signal: controller.signal }).then(({ entries }) => {
      if (controller.signal.aborted) return
      setLines(toJournalLines(entries))
      setConnection('connecting')
      const stream = new EventSource(`/api/journal/stream?${journalQuery(filter)}`)
      source = stream
      stream.onopen = () => { setConnection('live') }
      stream.onmessage = (event: MessageEvent<string>) => {
        const entry = parseJournalEvent(event.data)
        if (entry !== undefined) receive(entry)
      }
      stream.onerror = () => {
        if (stream.readyState !== EventSource.CLOSED) {
          setConnection('reconnecting')
          return
        }
        setConnection('closed')
        // EventSource hides the status code; a session that ended is the usual reason.
        api.get<SessionResponse>('/api/auth/session').then((session) => { if (!session.authenticated) reportUnauthenticated() }, () => {})
      }
    }, (error: unknown) => {
      if (controller.signal.aborted) return
      setLoadError(error)
      setConnection('closed')
    })

    return () => {
      controller.abort()
      source?.close()
    }
  }, [filter.unit, filter.priority, connectAttempt])

  const togglePause = (): void => {
    const next = !paused
    pausedRef.current = next
    setPaused(next)
    if (!next && held.current.length > 0) {
      const released = held.current
      held.current = []
      setHeldCount(0)
      setLines((current) => appendCapped(current, released))
    }
  }

  const [scrolledUp, setScrolledUp] = useState(false)
  const onScroll = (): void => {
    const element = scroller.current
    if (element === null) return
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= followSlackPx
    following.current = atBottom
    setScrolledUp(!atBottom)
  }
  const scrollToNewest = (): void => {
    const element = scroller.current
    if (element === null) return
    element.scrollTop = element.scrollHeight
    following.current = true
    setScrolledUp(false)
  }
  useLayoutEffect(() => {
    if (following.current && scroller.current !== null) scroller.current.scrollTop = scroller.current.scrollHeight
  }, [lines])

  return (
    <div class="journal">
      <div class="journal__filters">
        <div class="journal__field">
          <label for={`${id}-unit`}>Unit</label>
          <input
            id={`${id}-unit`}
            data-testid="journal-unit"
            list={`${id}-units`}
            placeholder="all units"
            autocomplete="off"
            spellcheck={false}
            value={unitText}
            aria-invalid={!unitValid}
            aria-describedby={unitValid ? undefined : `${id}-unit-error`}
            onInput={(event) => { setUnitText(event.currentTarget.value) }}
          />
          <datalist id={`${id}-units`}>
            {unitSuggestions.map((name) => <option key={name} value={name} />)}
          </datalist>
          {!unitValid && <p class="field-error" id={`${id}-unit-error`}>A unit name has only letters, digits and @ . _ : -</p>}
        </div>
        <div class="journal__field">
          <label for={`${id}-priority`}>Priority</label>
          <select
            id={`${id}-priority`}
            data-testid="journal-priority"
            value={String(filter.priority)}
            onChange={(event) => { setFilter((current) => ({ ...current, priority: Number(event.currentTarget.value) })) }}
          >
            {priorityNames.map((name, priority) => <option key={name} value={String(priority)}>{priority} {name}{priority < 7 ? ' and more urgent' : ' (everything)'}</option>)}
          </select>
        </div>
        <div class="journal__controls">
          <button type="button" data-testid="journal-pause" aria-pressed={paused} onClick={togglePause}>
            {paused ? `Resume${heldCount > 0 ? ` (${heldCount} new)` : ''}` : 'Pause'}
          </button>
          <span class={`journal__connection journal__connection--${connection}`} role="status" data-testid="journal-connection">
            {connectionText[connection]}
          </span>
          {connection === 'closed' && <button type="button" onClick={() => { setConnectAttempt((count) => count + 1) }}>Reconnect</button>}
        </div>
      </div>
      {loadError !== undefined && <ErrorNotice error={loadError} title="Could not read the journal" />}
      <div class="journal__frame">
        <div
          class="journal__lines"
          ref={scroller}
          onScroll={onScroll}
          role="log"
          aria-live="off"
          aria-label="Journal lines"
          tabIndex={0}
          data-testid="journal-lines"
        >
          {lines.length === 0 && connection !== 'loading' && <p class="muted">No lines match these filters.</p>}
          {lines.map((line) => (
            <div key={line.key} class={`journal__line journal__line--p${line.priority}`} data-priority={line.priority}>
              <time dateTime={line.time} title={line.time}>{formatClockTime(new Date(line.time))}</time>
              {' '}<span class="journal__unit">{line.unit ?? 'kernel'}{line.pid !== null && `[${line.pid}]`}</span>
              {' '}<span class="journal__message">{line.message}</span>
            </div>
          ))}
        </div>
        {scrolledUp && <button type="button" class="journal__newest" onClick={scrollToNewest}>Jump to newest</button>}
      </div>
    </div>
  )
}
