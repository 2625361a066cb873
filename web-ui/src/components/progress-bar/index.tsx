// How far a long operation is: a bar, and under it the numbers in words. Without a known
// fraction the bar runs back and forth ("working, size unknown").

import './index.css'

export interface ProgressBarProps {
  /** 0–1, or undefined while unknown. */
  fraction: number | undefined
  /** The bar's accessible name, e.g. "Upload of report.pdf". */
  label: string
  /** Shown under the bar and read by screen readers, e.g. "12.0 MiB of 20.0 MiB · 60%". */
  text?: string | undefined
  tone?: 'ok' | 'warn' | 'bad'
  testId?: string
}

export function ProgressBar ({ fraction, label, text, tone = 'ok', testId }: ProgressBarProps) {
  // Rounded down: the bar is full only when the work is.
  const percent = fraction === undefined ? undefined : Math.min(100, Math.max(0, Math.floor(fraction * 100)))
  return (
    <div class="progress-bar" data-testid={testId} data-percent={percent}>
      <div
        class={`progress-bar__track${percent === undefined ? ' progress-bar__track--unknown' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={text}
      >
        <div class={`progress-bar__fill progress-bar__fill--${tone}`} style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
      {text !== undefined && <p class="progress-bar__text">{text}</p>}
    </div>
  )
}
