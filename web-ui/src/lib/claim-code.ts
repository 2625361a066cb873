// Claim codes look like `ABCD-EFGH` (API.md). People type them from a screen, so accept
// lower case, spaces and a missing dash, and tidy them before sending.

/** Upper case, separators dropped, the dash put back after the 4th character. */
export function normalizeClaimCode (typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]+/g, '')
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact
}

export function looksLikeClaimCode (code: string): boolean {
  return /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code)
}
