// After a reboot or power-off request: watch /api/health until the node goes away, and
// (for a reboot) until it answers again.

export interface NodeWatchOptions {
  signal: AbortSignal
  onDown?: () => void
  /** Called once the node answers again after having been down. */
  onBack?: () => void
  intervalMs?: number
  probe?: (signal: AbortSignal) => Promise<boolean>
}

export async function probeHealth (signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch('/api/health', { cache: 'no-store', signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) })
    return response.ok
  } catch {
    return false
  }
}

export async function watchNodeRestart (options: NodeWatchOptions): Promise<void> {
  const probe = options.probe ?? probeHealth
  const interval = options.intervalMs ?? 2000
  let wentDown = false
  while (!options.signal.aborted) {
    const up = await probe(options.signal)
    if (options.signal.aborted) return
    if (!up && !wentDown) {
      wentDown = true
      options.onDown?.()
    } else if (up && wentDown) {
      options.onBack?.()
      return
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, interval)
      options.signal.addEventListener('abort', () => { clearTimeout(timer); resolve() }, { once: true })
    })
  }
}
