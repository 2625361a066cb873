// A button that, while its operation runs, is disabled, spins and says what it waits for;
// screen readers hear the same through a status region.

import type { ComponentChildren, JSX } from 'preact'

export type ProgressButtonProps = JSX.ButtonHTMLAttributes<HTMLButtonElement> & {
  busy: boolean
  busyLabel: string
  children?: ComponentChildren
}

export function ProgressButton ({ busy, busyLabel, children, disabled, ...rest }: ProgressButtonProps) {
  return (
    <>
      <button type="button" {...rest} disabled={busy || disabled === true} aria-busy={busy}>
        {busy ? <><span class="spinner" aria-hidden="true" />{busyLabel}</> : children}
      </button>
      <span class="visually-hidden" role="status">{busy ? busyLabel : ''}</span>
    </>
  )
}
