// The page a share link opens (`/f/<cid>#k=<key>`), for anyone: no sign-in, no admin
// header. The key is read from the fragment and used only in this tab; the ciphertext is
// fetched from the node and decrypted as it arrives. The save starts (and a Save button
// appears) only after the whole file authenticated; any fault is a plain message and
// nothing to save.

import { useEffect, useRef, useState } from 'preact/hooks'
import type { FileMetadata } from '@pc2/core/file-format'
import { describeDownloadProblem } from '../../lib/download-errors.ts'
import { downloadSharedFile } from '../../lib/download-file.ts'
import { formatBytes } from '../../lib/format.ts'
import { describeTransfer, fractionDone, TransferRate } from '../../lib/transfer-progress.ts'
import { ProgressBar } from '../../components/progress-bar/index.tsx'
import './index.css'

type DownloadState =
  | { phase: 'preparing' }
  | { phase: 'downloading', received: number, total: number | undefined, bytesPerSecond: number | undefined, resuming: boolean }
  | { phase: 'done', url: string, size: number }
  | { phase: 'failed', error: unknown }

/** Progress is drawn at most this often; a fast download has thousands of pieces. */
const redrawMs = 100

function SaveLink ({ url, metadata, autoSave }: { url: string, metadata: FileMetadata, autoSave: boolean }) {
  const link = useRef<HTMLAnchorElement>(null)
  const saved = useRef(false)
  useEffect(() => {
    if (!autoSave || saved.current) return
    saved.current = true
    link.current?.click()
  }, [autoSave])
  return (
    <a ref={link} class="button primary download-page__save" href={url} download={metadata.name} data-testid="download-save">
      Save {metadata.name}
    </a>
  )
}

export default function DownloadPage () {
  const [state, setState] = useState<DownloadState>({ phase: 'preparing' })
  const [metadata, setMetadata] = useState<FileMetadata | undefined>(undefined)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    const rate = new TransferRate()
    let lastDraw = 0
    let url: string | undefined
    let resuming = false
    setState({ phase: 'preparing' })
    setMetadata(undefined)

    downloadSharedFile(location.href, {
      signal: controller.signal,
      onMetadata: setMetadata,
      onResume: () => { resuming = true },
      onProgress: (received, total) => {
        const now = performance.now()
        rate.add(received, now)
        if (now - lastDraw < redrawMs && received !== total) return
        lastDraw = now
        setState({ phase: 'downloading', received, total, bytesPerSecond: rate.bytesPerSecond(), resuming })
        resuming = false
      }
    }).then(({ blob, metadata: final }) => {
      if (controller.signal.aborted) return
      url = URL.createObjectURL(blob)
      setMetadata(final)
      setState({ phase: 'done', url, size: blob.size })
    }, (error: unknown) => {
      if (!controller.signal.aborted) setState({ phase: 'failed', error })
    })

    return () => {
      controller.abort()
      if (url !== undefined) URL.revokeObjectURL(url)
    }
  }, [attempt])

  const problem = state.phase === 'failed' ? describeDownloadProblem(state.error) : undefined
  return (
    <div class="download-page" data-testid="download-page" data-state={state.phase}>
      <p class="download-page__kicker muted">Shared file</p>
      <h1 data-testid="download-name">{metadata?.name ?? (state.phase === 'failed' ? 'This file cannot be opened' : 'Opening the file…')}</h1>
      {metadata !== undefined && <p class="download-page__size" data-testid="download-size" data-bytes={metadata.size}>{formatBytes(metadata.size)}</p>}

      {state.phase === 'preparing' && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Preparing decryption…</p>}

      {state.phase === 'downloading' && (
        <>
          <ProgressBar
            fraction={fractionDone({ done: state.received, total: state.total })}
            label={`Download of ${metadata?.name ?? 'the file'}`}
            text={describeTransfer({ done: state.received, total: state.total, bytesPerSecond: state.bytesPerSecond })}
            tone={state.resuming ? 'warn' : 'ok'}
            testId="download-progress"
          />
          <p class="muted">{state.resuming ? 'The connection broke off; continuing where it stopped…' : 'Downloading and decrypting in this browser…'}</p>
        </>
      )}

      {state.phase === 'done' && metadata !== undefined && (
        <>
          <ProgressBar fraction={1} label={`Download of ${metadata.name}`} text={`${formatBytes(state.size)} · verified`} testId="download-progress" />
          <p class="ok" data-testid="download-verified">Decrypted and verified: the file is exactly what was shared.</p>
          <SaveLink url={state.url} metadata={metadata} autoSave />
        </>
      )}

      {problem !== undefined && (
        <div class="error-notice" role="alert" data-testid="download-error" data-error-name={problem.name}>
          <p class="error-notice__title">{problem.title}</p>
          <p>{problem.advice}</p>
          {problem.retry && <button type="button" data-testid="download-retry" onClick={() => { setAttempt((count) => count + 1) }}>Try again</button>}
        </div>
      )}

      <p class="download-page__note muted">
        The key to this file is the part of the link after <code>#</code>. Your browser never sends it anywhere; the file is decrypted on this device.
      </p>
    </div>
  )
}
