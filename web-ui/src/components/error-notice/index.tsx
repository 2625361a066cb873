// How every error reads: the server's (or wallet's) message, then what to do about it.

import type { ComponentChildren } from 'preact'
import { describeError } from '../../lib/error-hints.ts'
import { ApiError } from '../../lib/api.ts'
import './index.css'

export interface ErrorNoticeProps {
  error: unknown
  title?: string
  testId?: string
  children?: ComponentChildren
}

export function ErrorNotice ({ error, title, testId, children }: ErrorNoticeProps) {
  const { name, message, hint } = describeError(error)
  const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : undefined
  return (
    <div class="error-notice" role="alert" data-testid={testId ?? 'error-notice'} data-error-name={name}>
      {title !== undefined && <p class="error-notice__title">{title}</p>}
      <p class="error-notice__message">{message}</p>
      {hint !== undefined && <p class="error-notice__hint">{hint}</p>}
      {retryAfter !== undefined && <p class="error-notice__hint">You can try again in {retryAfter} s.</p>}
      {children}
    </div>
  )
}
