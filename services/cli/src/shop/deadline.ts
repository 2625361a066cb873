// Deadlines are chain time (block timestamps, Unix seconds), shown in UTC with how far away
// they are, so a buyer reading a log later still knows what was meant.

export function formatDeadline (deadline: bigint, nowSeconds: bigint): string {
  const at = new Date(Number(deadline) * 1000).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')
  const left = deadline - nowSeconds
  return `${at}, ${left > 0n ? `in ${formatDuration(left)}` : `${formatDuration(-left)} ago`}`
}

export function formatDuration (seconds: bigint): string {
  const total = Number(seconds)
  if (total < 60) return `${total} s`
  const minutes = Math.floor(total / 60) % 60
  const hours = Math.floor(total / 3600) % 24
  const days = Math.floor(total / 86_400)
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${minutes} min`
  return `${minutes} min`
}
