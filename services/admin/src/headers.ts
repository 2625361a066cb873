// What every pc2-admin reply carries, and how much of a failure it shows. The admin API and
// UI are read by the owner's browser on the LAN: nothing is cached unless a reply says
// otherwise, nothing may be sniffed into another type, framed, run from another origin, or
// leak its URL to another site.

import type { ReplyHeaders } from '@pc2/core'

// 'wasm-unsafe-eval' lets the pages instantiate libsodium's WebAssembly (the browser encrypts
// uploads and decrypts downloads); it allows no eval of JavaScript.
export const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

export const commonHeaders: ReplyHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': contentSecurityPolicy
}

/**
 * Details of a refused request tell the client what to fix: the field (PUT /api/settings),
 * the offset to resume an upload from (409), the free space (507). Those of a failure on
 * the node's side stay in the log.
 */
export function showsErrorDetails (status: number): boolean {
  return (status >= 400 && status < 500) || status === 507
}
