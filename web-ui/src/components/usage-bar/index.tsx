// How full something is, as a bar with its numbers in words.

import { percentOf } from '../../lib/format.ts'
import './index.css'

export interface UsageBarProps {
  used: number
  total: number
  label: string
}

export function UsageBar ({ used, total, label }: UsageBarProps) {
  const percent = percentOf(used, total)
  const level = percent >= 90 ? 'bad' : percent >= 75 ? 'warn' : 'ok'
  return (
    <div class="usage-bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}% used`}>
      <div class={`usage-bar__fill usage-bar__fill--${level}`} style={{ width: `${percent}%` }} />
    </div>
  )
}
