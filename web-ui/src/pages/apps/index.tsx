// The owner's WebAssembly apps: install one from a share link (an app package uploaded like
// any file, or bought) or a CID, see what each may do in words, open a web app, run a job and
// read its output, change what it was granted (its environment values, whether a job runs by
// itself on its schedule) and see when it runs next, read the recent runs (who started each)
// with the end of their error output, uninstall after confirming. Refreshes every 10 s while
// visible.

import { useState } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import type { AppJobResult, AppRunsResponse, AppsResponse, AppView } from '../../lib/api-types.ts'
import { formatClockTime, shortenHash } from '../../lib/format.ts'
import { useAction, useRemoteData } from '../../lib/use-remote-data.ts'
import { ConfirmDialog } from '../../components/confirm-dialog/index.tsx'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { ProgressButton } from '../../components/progress-button/index.tsx'
import './index.css'

export const appsRefreshMs = 10_000

/** What the owner pasted: a share link `…/f/<cid>#k=<key>`, or a bare CID (an unencrypted package). */
export function parseAppSource (text: string): { cid: string, key?: string } | undefined {
  const trimmed = text.trim()
  const link = /\/f\/([A-Za-z0-9]+)#k=([A-Za-z0-9_-]{43})$/.exec(trimmed)
  if (link !== null) return { cid: link[1]!, key: link[2]! }
  if (/^(bafy|bafk|Qm)[A-Za-z0-9]{20,120}$/.test(trimmed)) return { cid: trimmed }
  return undefined
}

function InstallForm ({ onInstalled }: { onInstalled: (app: AppView) => void }) {
  const [source, setSource] = useState('')
  const [listing, setListing] = useState('')
  const parsed = parseAppSource(source)
  const listingId = listing.trim()
  const listingValid = listingId === '' || /^[1-9][0-9]{0,76}$/.test(listingId)
  const install = useAction(async (request: { cid: string, key?: string, listingId?: string }) => {
    onInstalled(await api.post<AppView>('/api/apps', request))
    setSource('')
    setListing('')
  })

  const submit = (event: Event): void => {
    event.preventDefault()
    if (parsed === undefined || !listingValid) return
    void install.run(listingId === '' ? parsed : { ...parsed, listingId })
  }

  return (
    <form class="card install-form" onSubmit={submit} aria-labelledby="install-heading">
      <h2 id="install-heading">Install an app</h2>
      <p class="field-help">Upload the app's package on the Files page and paste its share link here, or paste the CID of a package. An app of the same name is upgraded and keeps its files.</p>
      <label for="install-source">Share link or CID</label>
      <input id="install-source" data-testid="install-source" value={source} required spellcheck={false} autocomplete="off" placeholder="http://pc2.local/f/bafy…#k=…"
        aria-invalid={source.trim() !== '' && parsed === undefined} onInput={(event) => { setSource(event.currentTarget.value) }} />
      {source.trim() !== '' && parsed === undefined && <p class="field-error" data-testid="install-source-error">That is neither a share link (…/f/&lt;CID&gt;#k=&lt;key&gt;) nor a CID.</p>}
      <label for="install-listing">Bought in a FileShop? The listing's number (optional)</label>
      <input id="install-listing" data-testid="install-listing" value={listing} inputMode="numeric" spellcheck={false} autocomplete="off" placeholder="e.g. 12"
        aria-invalid={!listingValid} onInput={(event) => { setListing(event.currentTarget.value) }} />
      <p class="field-help">With a number, the node checks on chain that your wallet holds the listing's license and that the listing sells exactly this app.</p>
      {!listingValid && <p class="field-error" data-testid="install-listing-error">A listing's number is a whole number from 1 up.</p>}
      <ProgressButton type="submit" class="primary" busy={install.busy} busyLabel="Installing…" disabled={parsed === undefined || !listingValid} data-testid="install-submit">Install</ProgressButton>
      {install.error !== undefined && <ErrorNotice error={install.error} title="Could not install it" testId="install-error" />}
    </form>
  )
}

function RunJob ({ app }: { app: AppView }) {
  const [args, setArgs] = useState('')
  const [result, setResult] = useState<AppJobResult | undefined>(undefined)
  const runJob = useAction(async () => {
    setResult(await api.post<AppJobResult>(`/api/apps/${app.name}/runs`, { args: args.trim() === '' ? [] : args.trim().split(/\s+/) }))
  })
  return (
    <form class="run-form" onSubmit={(event) => { event.preventDefault(); void runJob.run() }}>
      <label for={`run-args-${app.name}`}>Arguments</label>
      <div class="run-form__row">
        <input id={`run-args-${app.name}`} data-testid="run-args" value={args} spellcheck={false} autocomplete="off" onInput={(event) => { setArgs(event.currentTarget.value) }} />
        <ProgressButton type="submit" busy={runJob.busy} busyLabel="Running…" data-testid="run-submit">Run</ProgressButton>
      </div>
      {result !== undefined && (
        <div data-testid="run-result" data-outcome={result.outcome} data-exit-code={String(result.exitCode)}>
          <p class={result.outcome === 'exited' && result.exitCode === 0 ? 'ok' : 'warn'}>{describeOutcome(result.outcome, result.exitCode)} in {result.durationMs} ms.</p>
          {result.stdout !== '' && <pre class="run-output" data-testid="run-stdout">{result.stdout}</pre>}
          {result.stderr !== '' && <pre class="run-output run-output--error">{result.stderr}</pre>}
        </div>
      )}
      {runJob.error !== undefined && <ErrorNotice error={runJob.error} title="Could not run it" testId="run-error" />}
    </form>
  )
}

/** The owner's choices for an app: the destinations it may reach, its environment values and, for a job with a schedule, whether it runs by itself. */
function GrantForm ({ app, onSaved }: { app: AppView, onSaved: () => void }) {
  const requested = app.manifest.capabilities
  const names = Object.keys(requested.environment)
  const [environment, setEnvironment] = useState<Record<string, string>>(app.grant.environment)
  const [schedule, setSchedule] = useState(app.grant.schedule)
  const [network, setNetwork] = useState<string[]>(app.grant.network)
  const [saved, setSaved] = useState(false)
  const save = useAction(async () => {
    setSaved(false)
    const updated = await api.put<AppView>(`/api/apps/${app.name}/grant`, { network, environment, schedule })
    setNetwork(updated.grant.network)
    setEnvironment(updated.grant.environment)
    setSchedule(updated.grant.schedule)
    setSaved(true)
    onSaved()
  })
  if (names.length === 0 && requested.schedule === undefined && requested.network.length === 0) return null
  const sameNetwork = network.length === app.grant.network.length && network.every((destination) => app.grant.network.includes(destination))
  const changed = !sameNetwork || schedule !== app.grant.schedule || names.some((name) => (environment[name] ?? '') !== (app.grant.environment[name] ?? ''))
  return (
    <form class="grant-form" data-testid="grant-form" onSubmit={(event) => { event.preventDefault(); void save.run() }}>
      <h3>Settings</h3>
      {requested.network.map((destination) => (
        <label class="grant-form__check" key={destination}>
          <input type="checkbox" data-testid="grant-network" data-destination={destination} checked={network.includes(destination)}
            onChange={(event) => { setSaved(false); setNetwork(event.currentTarget.checked ? [...network, destination] : network.filter((known) => known !== destination)) }} />
          <span>Let it connect to <code>{destination}</code> (and, by this node's firewall, nowhere else)</span>
        </label>
      ))}
      {names.map((name) => (
        <div class="grant-form__field" key={name}>
          <label for={`grant-${app.name}-${name}`}><code>{name}</code></label>
          <input id={`grant-${app.name}-${name}`} data-testid={`grant-env-${name}`} value={environment[name] ?? ''} maxLength={1024} spellcheck={false} autocomplete="off"
            onInput={(event) => { setSaved(false); setEnvironment({ ...environment, [name]: event.currentTarget.value }) }} />
          <span class="field-help">The app asks for it; its own default is “{requested.environment[name]}”.</span>
        </div>
      ))}
      {requested.schedule !== undefined && (
        <label class="grant-form__check">
          <input type="checkbox" data-testid="grant-schedule" checked={schedule} onChange={(event) => { setSaved(false); setSchedule(event.currentTarget.checked) }} />
          <span>Let it run by itself, {describeSchedule(requested.schedule)}{(requested.scheduleArgs ?? []).length === 0 ? '' : <> with <code>{requested.scheduleArgs!.join(' ')}</code></>}</span>
        </label>
      )}
      {app.nextRunAt !== undefined && <p class="muted" data-testid="app-next-run">Runs next by itself at {new Date(app.nextRunAt).toLocaleString()}.</p>}
      <div class="run-form__row">
        <ProgressButton type="submit" busy={save.busy} busyLabel="Saving…" disabled={!changed} data-testid="grant-submit">Save</ProgressButton>
        {saved && !changed && <span class="ok" role="status" data-testid="grant-saved">Saved.</span>}
      </div>
      {save.error !== undefined && <ErrorNotice error={save.error} title="Could not change what it may do" testId="grant-error" />}
    </form>
  )
}

/** A manifest's schedule (`hourly`, `daily`, `every <N>m`) as the owner reads it. */
export function describeSchedule (schedule: string): string {
  if (schedule === 'hourly') return 'every hour'
  if (schedule === 'daily') return 'once a day'
  const minutes = /^every (\d+)m$/.exec(schedule)
  if (minutes === null) return schedule
  const count = Number(minutes[1])
  if (count % 60 === 0) return count === 60 ? 'every hour' : `every ${count / 60} hours`
  return count === 1 ? 'every minute' : `every ${count} minutes`
}

export function describeTrigger (trigger: string): string {
  switch (trigger) {
    case 'schedule': return 'by its schedule'
    case 'request': return 'for a request'
    default: return 'by you'
  }
}

export function describeOutcome (outcome: string, exitCode: number | null): string {
  switch (outcome) {
    case 'exited': return exitCode === 0 ? 'Finished' : `Finished with exit code ${exitCode ?? '?'}`
    case 'trapped': return 'Crashed'
    case 'memory': return 'Stopped: it needed more memory than granted'
    case 'timeout': return 'Stopped: it ran past its time limit'
    case 'output-limit': return 'Stopped: it wrote more output than allowed'
    default: return 'Could not start'
  }
}

function RecentRuns ({ name }: { name: string }) {
  const runs = useRemoteData(async (signal) => await api.get<AppRunsResponse>(`/api/apps/${name}/runs`, { signal }), { refreshMs: appsRefreshMs })
  const list = [...(runs.data?.runs ?? [])].reverse().slice(0, 10)
  return (
    <details class="recent-runs" data-testid="recent-runs">
      <summary>Recent runs{runs.data === undefined ? '' : ` (${runs.data.runs.length})`}</summary>
      {runs.error !== undefined && <ErrorNotice error={runs.error} title="Could not load the runs" />}
      {list.length === 0
        ? <p class="muted">No runs since pc2-apps started. The journal keeps all of them (System page, unit pc2-apps).</p>
        : (
          <ul>
            {list.map((run) => (
              <li key={`${run.startedAt} ${run.durationMs}`} data-testid="run-row" data-outcome={run.outcome} data-trigger={run.trigger}>
                {formatClockTime(new Date(run.startedAt))}, {describeTrigger(run.trigger)}: {describeOutcome(run.outcome, run.exitCode)}, {run.durationMs} ms
                {run.stderrTail !== '' && <pre class="run-output run-output--error">{run.stderrTail}</pre>}
              </li>
            ))}
          </ul>
          )}
    </details>
  )
}

function AppCard ({ app, onUninstall, onChanged }: { app: AppView, onUninstall: (app: AppView) => void, onChanged: () => void }) {
  return (
    <section class="card app-card" data-testid="app-card" data-name={app.name} aria-labelledby={`app-${app.name}`}>
      <div class="title-bar">
        <h2 id={`app-${app.name}`}>{app.name} <span class="muted">{app.manifest.version}</span></h2>
        <span class="badge muted">{app.manifest.kind === 'web' ? 'Web app' : 'Job'}</span>
      </div>
      <p>{app.manifest.description}</p>
      <h3>It may</h3>
      <ul data-testid="app-words">{app.words.map((line) => <li key={line}>{line}</li>)}</ul>
      <p class="muted">From <code title={app.cid}>{shortenHash(app.cid, 20)}</code>, installed {new Date(app.installedAt).toLocaleString()}.</p>
      {app.url !== undefined && <p><a class="button primary" href={app.url} data-testid="app-open">Open {app.name}</a></p>}
      {app.manifest.kind === 'job' && <RunJob app={app} />}
      <GrantForm app={app} onSaved={onChanged} />
      <RecentRuns name={app.name} />
      <p><button type="button" class="danger" data-testid="app-uninstall" onClick={() => { onUninstall(app) }}>Uninstall…</button></p>
    </section>
  )
}

export default function AppsPage () {
  const apps = useRemoteData(async (signal) => await api.get<AppsResponse>('/api/apps', { signal }), { refreshMs: appsRefreshMs })
  const [removing, setRemoving] = useState<AppView | undefined>(undefined)
  const [removeError, setRemoveError] = useState<unknown>(undefined)
  const confirmRemove = async (): Promise<void> => {
    const app = removing
    setRemoving(undefined)
    if (app === undefined) return
    try {
      await api.delete(`/api/apps/${app.name}?confirm=${encodeURIComponent(app.name)}`)
      apps.reload()
    } catch (caught) {
      setRemoveError(caught)
    }
  }
  const list = apps.data?.apps
  return (
    <div class="apps-page">
      <h1>Apps</h1>
      <p class="field-help">WebAssembly apps run on this node, each in its own process that sees only its own folder, with no network unless you let it reach the places it asks for, and only the memory and storage it was granted.</p>
      <InstallForm onInstalled={() => { apps.reload() }} />
      {removeError !== undefined && <ErrorNotice error={removeError} title="Could not uninstall it" testId="uninstall-error" />}
      {apps.error !== undefined && <ErrorNotice error={apps.error} title={list === undefined ? 'Could not load the apps' : 'Showing the last known apps'} testId="apps-error" />}
      {list === undefined
        ? apps.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading apps…</p>
        : list.length === 0
          ? <p class="muted" data-testid="apps-empty">No apps installed yet.</p>
          : list.map((app) => <AppCard key={app.name} app={app} onChanged={() => { apps.reload() }} onUninstall={(chosen) => { setRemoveError(undefined); setRemoving(chosen) }} />)}
      <ConfirmDialog
        open={removing !== undefined}
        title={`Uninstall ${removing?.name ?? ''}?`}
        confirmLabel="Uninstall"
        onConfirm={() => { void confirmRemove() }}
        onCancel={() => { setRemoving(undefined) }}
      >
        <p>The app and every file in its folder are deleted from this node. Its package stays in Files.</p>
      </ConfirmDialog>
    </div>
  )
}
