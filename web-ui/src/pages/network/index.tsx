// The node's firewall (/network): what each service may reach, said in words and where each
// allowance comes from; the owner adds or removes destinations per service (applied at once,
// no restart); and every refused connection attempt, live from pc2-egress's record.

import { useState } from 'preact/hooks'
import type { AppPolicy, BlockedResponse, PolicyLine, PolicyResponse, RefusedAttempt, UnitPolicy } from '@pc2/core'
import { api } from '../../lib/api.ts'
import { formatDateTime } from '../../lib/format.ts'
import { useEventStream } from '../../lib/use-event-stream.ts'
import { useAction, useRemoteData } from '../../lib/use-remote-data.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import './index.css'

function Line ({ line, onRemove }: { line: PolicyLine, onRemove?: (key: string) => void }) {
  return (
    <li data-testid="policy-line" data-source={line.source}>
      {line.text}
      {line.setting !== undefined && <span class="muted"> (setting <code>{line.setting}</code>)</span>}
      {line.source === 'owner' && <span class="muted"> (added by you)</span>}
      {line.key !== undefined && onRemove !== undefined && <> <button type="button" class="link" onClick={() => { onRemove(line.key!) }} data-testid="destination-remove" data-key={line.key}>remove</button></>}
    </li>
  )
}

function AddDestination ({ unit, onChanged }: { unit: string, onChanged: (policy: PolicyResponse) => void }) {
  const [host, setHost] = useState('')
  const [port, setPort] = useState('')
  const [protocol, setProtocol] = useState<'tcp' | 'udp'>('tcp')
  const [note, setNote] = useState('')
  const add = useAction(async () => {
    const answer = await api.post<{ policy: PolicyResponse }>(`/api/network/units/${unit}/destinations`, { host, protocol, port, ...(note === '' ? {} : { note }) })
    setHost('')
    setPort('')
    setNote('')
    onChanged(answer.policy)
  })
  return (
    <form class="network-page__add" onSubmit={(event) => { event.preventDefault(); void add.run() }} data-testid={`add-destination-${unit}`}>
      <label>Host <input value={host} onInput={(event) => { setHost(event.currentTarget.value) }} placeholder="192.168.1.20, 10.0.0.0/8 or a name" required data-testid="destination-host" /></label>
      <label>Port <input value={port} onInput={(event) => { setPort(event.currentTarget.value) }} placeholder="any, 443 or 8000-8100" data-testid="destination-port" /></label>
      <label>Protocol
        <select value={protocol} onChange={(event) => { setProtocol(event.currentTarget.value as 'tcp' | 'udp') }} data-testid="destination-protocol">
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
        </select>
      </label>
      <label>Why <input value={note} onInput={(event) => { setNote(event.currentTarget.value) }} placeholder="optional note" data-testid="destination-note" /></label>
      <button type="submit" disabled={add.busy} data-testid="destination-add">{add.busy ? 'Applying…' : 'Allow'}</button>
      {add.error !== undefined && <ErrorNotice error={add.error} title="Not allowed" testId="destination-error" />}
    </form>
  )
}

function UnitCard ({ unit, blocked, onChanged }: { unit: UnitPolicy, blocked: number, onChanged: (policy: PolicyResponse) => void }) {
  const [error, setError] = useState<unknown>(undefined)
  const remove = async (key: string): Promise<void> => {
    setError(undefined)
    try {
      onChanged((await api.delete<{ policy: PolicyResponse }>(`/api/network/units/${unit.unit}/destinations/${encodeURIComponent(key)}`)).policy)
    } catch (caught) {
      setError(caught)
    }
  }
  return (
    <section class="card" data-testid="unit-policy" data-unit={unit.unit}>
      <h2>{unit.unit} <span class="muted">— {unit.role}</span></h2>
      {unit.allowed.length === 0
        ? <p data-testid="unit-nothing">May reach nothing outside the node.</p>
        : (
          <ul class="network-page__lines">
            {unit.allowed.map((line) => <Line key={line.text} line={line} onRemove={(key) => { void remove(key) }} />)}
          </ul>
          )}
      <p class="muted" data-testid="unit-blocked">{blocked === 0 ? 'Nothing refused.' : `${blocked} attempt${blocked === 1 ? '' : 's'} refused.`}</p>
      {error !== undefined && <ErrorNotice error={error} title="Could not remove it" />}
      {unit.ownerMayAdd && <AddDestination unit={unit.unit} onChanged={onChanged} />}
    </section>
  )
}

/** Apps granted the network: what each may reach, granted (and taken back) on the Apps page. */
function AppsCard ({ apps, byUnit }: { apps: AppPolicy[], byUnit: Record<string, number> }) {
  return (
    <section class="card" data-testid="apps-policy">
      <h2>Apps <span class="muted">— WebAssembly apps you granted the network</span></h2>
      {apps.length === 0
        ? <p data-testid="apps-nothing">No app may reach anything outside the node.</p>
        : (
          <ul class="network-page__lines">
            {apps.map((app) => {
              const refused = byUnit[`pc2-app-${app.app}`] ?? 0
              return (
                <li key={app.app} data-testid="app-policy" data-app={app.app}>
                  <strong>{app.app}</strong> may reach {app.allowed.map((line) => line.text).join('; ')}
                  <span class="muted"> — {refused === 0 ? 'nothing refused' : `${refused} attempt${refused === 1 ? '' : 's'} refused`}</span>
                </li>
              )
            })}
          </ul>
          )}
      <p class="muted">Grant or take back an app's destinations on the <a href="/apps">Apps</a> page.</p>
    </section>
  )
}

export default function NetworkPage () {
  const policy = useRemoteData(async (signal) => await api.get<PolicyResponse>('/api/network/policy', { signal }))
  const blocked = useRemoteData(async (signal) => await api.get<BlockedResponse>('/api/network/blocked', { signal }))
  const [recent, setRecent] = useState<RefusedAttempt[]>([])
  const live = useEventStream('/api/network/events', {
    blocked: (data) => { blocked.replace(data as BlockedResponse); setRecent((data as BlockedResponse).recent.slice(0, 50)) },
    refused: (data) => {
      setRecent((previous) => [data as RefusedAttempt, ...previous].slice(0, 50))
      if (blocked.data !== undefined) {
        const attempt = data as RefusedAttempt
        blocked.replace({ ...blocked.data, total: blocked.data.total + 1, byUnit: { ...blocked.data.byUnit, [attempt.unit]: (blocked.data.byUnit[attempt.unit] ?? 0) + 1 } })
      }
    },
    policy: () => { policy.reload() }
  })
  const words = policy.data?.words
  return (
    <div class="network-page">
      <div class="network-page__head">
        <h1>Network</h1>
        <span class={`badge ${live === 'live' ? 'ok' : 'warn'}`} data-testid="network-live" data-state={live}>{live === 'live' ? '● live' : 'connecting…'}</span>
      </div>
      {policy.error !== undefined && <ErrorNotice error={policy.error} title="Could not load the rules" testId="network-error" />}
      {words !== undefined && (
        <>
          <section class="card" data-testid="policy-summary">
            <h2>What may leave this node</h2>
            <p>Nothing leaves this node unless a rule below allows it. Everything else is refused and shown at the bottom of this page.</p>
            <h3>Always</h3>
            <ul class="network-page__lines">{words.always.map((line) => <Line key={line.text} line={line} />)}</ul>
            <h3>Coming in</h3>
            <ul class="network-page__lines">{words.incoming.map((line) => <Line key={line.text} line={line} />)}</ul>
            <p data-testid="policy-others">{words.others}</p>
          </section>
          {words.units.map((unit) => <UnitCard key={unit.unit} unit={unit} blocked={blocked.data?.byUnit[unit.unit] ?? 0} onChanged={(next) => { policy.replace(next) }} />)}
          <AppsCard apps={words.apps ?? []} byUnit={blocked.data?.byUnit ?? {}} />
        </>
      )}
      <section class="card" data-testid="blocked-attempts">
        <h2>Refused attempts</h2>
        <p>{blocked.data === undefined ? 'Loading…' : `${blocked.data.total} in all; ${blocked.data.byUnit.other ?? 0} by programs outside PC2's services.`}</p>
        {recent.length === 0
          ? <p class="muted" data-testid="blocked-empty">None lately.</p>
          : (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Refused attempts">
              <table data-testid="blocked-table">
                <thead><tr><th>When</th><th>Who</th><th>To</th></tr></thead>
                <tbody>
                  {recent.map((attempt, index) => (
                    <tr key={`${attempt.at}-${index}`} data-testid="blocked-row" data-unit={attempt.unit}>
                      <td>{formatDateTime(new Date(attempt.at))}</td>
                      <td>{attempt.unit === 'other' ? 'a program outside PC2' : attempt.unit}</td>
                      <td><code>{attempt.destination}{attempt.port === undefined ? '' : `:${attempt.port}`}</code> ({attempt.protocol.toUpperCase()})</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            )}
      </section>
    </div>
  )
}
