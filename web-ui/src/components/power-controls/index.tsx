// Reboot and Power off, each behind a confirmation. Afterwards the page watches
// /api/health: a reboot ends with a reload once the node answers again (the session is
// gone by then, so that lands on the login page); a power-off ends when it stops answering.

import { useEffect, useState } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import { watchNodeRestart } from '../../lib/wait-for-node.ts'
import { ConfirmDialog } from '../confirm-dialog/index.tsx'
import { ErrorNotice } from '../error-notice/index.tsx'
import { ProgressButton } from '../progress-button/index.tsx'
import './index.css'

import type { PowerAction, PowerResponse } from '../../lib/api-types.ts'

const wording: Record<PowerAction, { button: string, question: string, explanation: string, waiting: string, down: string }> = {
  reboot: {
    button: 'Reboot',
    question: 'Reboot the node?',
    explanation: 'Everything on the node stops and starts again, which takes about a minute. Transfers in progress are interrupted, and you will sign in again afterwards.',
    waiting: 'Rebooting… this page reconnects when the node is back',
    down: 'The node is restarting… this page reconnects when it is back'
  },
  poweroff: {
    button: 'Power off',
    question: 'Power off the node?',
    explanation: 'The node shuts down and stays off until someone switches it on again at the box. This page cannot turn it back on.',
    waiting: 'Powering off…',
    down: 'The node is off. It is safe to unplug it.'
  }
}

/** After this long without the node going away, say so rather than spin forever. */
const slowAfterSeconds = 120

interface PowerProgress {
  action: PowerAction
  stage: 'sending' | 'waiting' | 'down'
  startedAt: number
}

export function PowerControls () {
  const [asking, setAsking] = useState<PowerAction | undefined>(undefined)
  const [progress, setProgress] = useState<PowerProgress | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [elapsedSeconds, setElapsedSeconds] = useState(0)

  // Runs once per accepted request; the stage changes below do not restart it.
  const watching = progress !== undefined && progress.stage !== 'sending' ? progress : undefined
  useEffect(() => {
    if (watching === undefined) return
    const controller = new AbortController()
    const ticker = setInterval(() => { setElapsedSeconds(Math.round((Date.now() - watching.startedAt) / 1000)) }, 1000)
    void watchNodeRestart({
      signal: controller.signal,
      onDown: () => {
        setProgress((current) => current === undefined ? current : { ...current, stage: 'down' })
        if (watching.action === 'poweroff') {
          controller.abort()
          clearInterval(ticker)
        }
      },
      onBack: () => { location.assign('/') }
    })
    return () => {
      controller.abort()
      clearInterval(ticker)
    }
  }, [watching?.startedAt])

  const confirm = async (action: PowerAction): Promise<void> => {
    setAsking(undefined)
    setError(undefined)
    setElapsedSeconds(0)
    setProgress({ action, stage: 'sending', startedAt: Date.now() })
    try {
      await api.post<PowerResponse>(`/api/system/${action}`)
      setProgress({ action, stage: 'waiting', startedAt: Date.now() })
    } catch (caught) {
      setProgress(undefined)
      setError(caught)
    }
  }

  const busy = progress !== undefined
  const finished = progress?.action === 'poweroff' && progress.stage === 'down'
  return (
    <div class="power-controls">
      <p class="muted">Restarts or stops the whole node, including the shop.</p>
      <div class="power-controls__buttons">
        {(['reboot', 'poweroff'] as const).map((action) => (
          <ProgressButton
            key={action}
            class="danger"
            data-testid={`${action}-button`}
            busy={progress?.action === action && progress.stage === 'sending'}
            busyLabel="Sending…"
            disabled={busy}
            onClick={() => { setAsking(action) }}
          >
            {wording[action].button}
          </ProgressButton>
        ))}
      </div>
      {progress !== undefined && progress.stage !== 'sending' && (
        <div class="power-controls__status" role="status" data-testid="power-status">
          {!finished && <span class="spinner" aria-hidden="true" />}
          <p>
            {progress.stage === 'down' ? wording[progress.action].down : wording[progress.action].waiting}
            {!finished && <span class="muted"> ({elapsedSeconds} s)</span>}
          </p>
          {!finished && progress.stage === 'waiting' && elapsedSeconds >= slowAfterSeconds && (
            <p class="warn">The node has not gone down yet. If nothing happens, check its screen or serial console.</p>
          )}
        </div>
      )}
      {error !== undefined && <ErrorNotice error={error} title="The node did not accept the request" />}
      <ConfirmDialog
        open={asking !== undefined}
        title={asking === undefined ? '' : wording[asking].question}
        confirmLabel={asking === undefined ? '' : wording[asking].button}
        onConfirm={() => { if (asking !== undefined) void confirm(asking) }}
        onCancel={() => { setAsking(undefined) }}
      >
        <p>{asking === undefined ? '' : wording[asking].explanation}</p>
      </ConfirmDialog>
    </div>
  )
}
