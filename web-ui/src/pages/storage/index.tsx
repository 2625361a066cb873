// The node's file store: how much of its quota is used, what is pinned, open uploads, and
// garbage collection, which frees the blocks of deleted files and abandoned uploads.

import { useState } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import type { GarbageCollected, StorageUsage } from '../../lib/api-types.ts'
import { formatBytes, formatClockTime } from '../../lib/format.ts'
import { useAction, useRemoteData } from '../../lib/use-remote-data.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { ProgressButton } from '../../components/progress-button/index.tsx'
import { UsageBar } from '../../components/usage-bar/index.tsx'
import './index.css'

export const storageRefreshMs = 5000

function plural (count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

function GarbageCollection ({ onCollected }: { onCollected: () => void }) {
  const [result, setResult] = useState<GarbageCollected | undefined>(undefined)
  const collect = useAction(async () => {
    setResult(undefined)
    setResult(await api.post<GarbageCollected>('/api/storage/gc'))
    onCollected()
  })

  return (
    <section class="card" aria-labelledby="gc-heading">
      <h2 id="gc-heading">Garbage collection</h2>
      <p>Deleting a file only unpins it. Its blocks, and those of uploads that were given up, stay on disk until garbage is collected.</p>
      <ProgressButton busy={collect.busy} busyLabel="Collecting garbage…" data-testid="storage-gc" onClick={() => { void collect.run() }}>Collect garbage</ProgressButton>
      {result !== undefined && (
        <p class="ok" data-testid="storage-gc-result" data-freed-bytes={result.freedBytes}>
          {result.removedBlocks === 0 ? 'Nothing to collect: every block is in use.' : `Freed ${formatBytes(result.freedBytes)} (${plural(result.removedBlocks, 'block', 'blocks')}).`}
        </p>
      )}
      {collect.error !== undefined && <ErrorNotice error={collect.error} title="Garbage collection failed" testId="storage-gc-error" />}
    </section>
  )
}

export default function StoragePage () {
  const usage = useRemoteData(async (signal) => await api.get<StorageUsage>('/api/storage', { signal }), { refreshMs: storageRefreshMs })
  const data = usage.data
  return (
    <div class="storage-page">
      <div class="title-bar">
        <h1>Storage</h1>
        {usage.updatedAt !== undefined && <p class="muted">Updated {formatClockTime(usage.updatedAt)}</p>}
      </div>
      {usage.error !== undefined && <ErrorNotice error={usage.error} title={data === undefined ? 'Could not load the storage figures' : 'Showing the last known figures'} testId="storage-error" />}
      {data === undefined
        ? usage.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading storage…</p>
        : (
          <section class="card" aria-labelledby="quota-heading">
            <h2 id="quota-heading">File store</h2>
            <UsageBar used={data.usedBytes} total={data.quotaBytes} label="File store quota used" />
            <p data-testid="storage-used" data-used-bytes={data.usedBytes}>
              {formatBytes(data.usedBytes)} used of {formatBytes(data.quotaBytes)} <span class="muted">({formatBytes(data.freeBytes)} free)</span>
            </p>
            <dl class="facts">
              <dt>Pinned files</dt><dd data-testid="storage-pinned">{formatBytes(data.pinnedBytes)}</dd>
              <dt>Blocks</dt><dd data-testid="storage-blocks">{data.blocks.toLocaleString('en')}</dd>
              <dt>Open uploads</dt><dd data-testid="storage-uploads-open">{data.uploadsOpen}</dd>
            </dl>
          </section>
          )}
      <GarbageCollection onCollected={usage.reload} />
    </div>
  )
}
