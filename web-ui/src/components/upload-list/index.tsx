// The uploads of this visit: each with its progress (bytes, percent, speed), what it is
// doing now ("Reconnecting…" while the node is away) and Cancel / Try again.

import { describeError } from '../../lib/error-hints.ts'
import { formatBytes } from '../../lib/format.ts'
import { describeShortfall, quotaShortfall } from '../../lib/quota.ts'
import { describeTransfer, fractionDone } from '../../lib/transfer-progress.ts'
import { isFinished } from '../../lib/upload-queue.ts'
import type { UploadEntry } from '../../lib/upload-queue.ts'
import { ErrorNotice } from '../error-notice/index.tsx'
import { Link } from '../link/index.tsx'
import { ProgressBar } from '../progress-bar/index.tsx'
import './index.css'

export interface UploadListProps {
  entries: readonly UploadEntry[]
  onCancel: (id: number) => void
  onRetry: (id: number) => void
  onClearFinished: () => void
}

function statusText (entry: UploadEntry): string {
  switch (entry.state) {
    case 'queued': return 'Waiting for the uploads before it.'
    case 'starting': return 'Preparing encryption…'
    case 'uploading': return `Encrypting and uploading: ${describeTransfer({ done: entry.sentBytes, total: entry.totalBytes, bytesPerSecond: entry.bytesPerSecond })}`
    case 'reconnecting': return `Reconnecting… (${describeError(entry.error).message}) ${describeTransfer({ done: entry.sentBytes, total: entry.totalBytes })} kept.`
    case 'completing': return 'Finishing: the node builds the file and stores its key…'
    case 'done': return `Uploaded ${formatBytes(entry.size)}.`
    case 'failed': return 'Failed.'
    case 'cancelled': return 'Cancelled.'
  }
}

function UploadItem ({ entry, onCancel, onRetry }: { entry: UploadEntry, onCancel: () => void, onRetry: () => void }) {
  const shortfall = quotaShortfall(entry.error)
  const showBar = entry.state !== 'failed' && entry.state !== 'cancelled' && entry.state !== 'queued'
  const fraction = entry.state === 'done' ? 1 : entry.totalBytes === 0 ? undefined : fractionDone({ done: entry.sentBytes, total: entry.totalBytes })
  return (
    <li class={`upload-item upload-item--${entry.state}`} data-testid="upload-item" data-state={entry.state} data-name={entry.name}>
      <div class="upload-item__head">
        <span class="upload-item__name">{entry.name}</span>
        <span class="muted">{formatBytes(entry.size)}</span>
      </div>
      {showBar && (
        <ProgressBar
          fraction={fraction}
          label={`Upload of ${entry.name}`}
          tone={entry.state === 'reconnecting' ? 'warn' : 'ok'}
          testId="upload-progress"
        />
      )}
      <p class={`upload-item__status${entry.state === 'reconnecting' ? ' warn' : ''}`} data-testid="upload-status" role={entry.state === 'reconnecting' ? 'status' : undefined}>
        {entry.state === 'reconnecting' && <span class="spinner" aria-hidden="true" />}
        {statusText(entry)}
      </p>
      {entry.state === 'failed' && (
        shortfall !== undefined
          ? (
            <div class="error-notice" role="alert" data-testid="upload-error" data-error-name="QuotaExceededError">
              <p class="error-notice__title">{describeShortfall(shortfall)}</p>
              <p>Delete files you no longer need and collect garbage on the <Link href="/storage">Storage</Link> page, or raise <code>ipfs.quota</code> in <Link href="/settings">Settings</Link>.</p>
            </div>
            )
          : <ErrorNotice error={entry.error} title={`Could not upload ${entry.name}`} testId="upload-error" />
      )}
      <div class="upload-item__actions">
        {!isFinished(entry) && <button type="button" data-testid="upload-cancel" onClick={onCancel}>Cancel</button>}
        {(entry.state === 'failed' || entry.state === 'cancelled') && <button type="button" data-testid="upload-retry" onClick={onRetry}>Start again</button>}
      </div>
    </li>
  )
}

export function UploadList ({ entries, onCancel, onRetry, onClearFinished }: UploadListProps) {
  if (entries.length === 0) return null
  const anyFinished = entries.some(isFinished)
  return (
    <section class="card upload-list" aria-labelledby="uploads-heading" data-testid="upload-list">
      <div class="upload-list__head">
        <h2 id="uploads-heading">Uploads</h2>
        {anyFinished && <button type="button" data-testid="uploads-clear" onClick={onClearFinished}>Clear finished</button>}
      </div>
      <ul>
        {entries.map((entry) => (
          <UploadItem key={entry.id} entry={entry} onCancel={() => { onCancel(entry.id) }} onRetry={() => { onRetry(entry.id) }} />
        ))}
      </ul>
    </section>
  )
}
