// The session cookie. HttpOnly keeps it from page scripts, SameSite=Strict from other
// sites' requests; Secure is added when the request came over TLS (plain HTTP on the LAN is
// the default, and a Secure cookie would never be sent back there).

export const sessionCookieName = 'pc2_session'

export function readCookie (header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=')
    if (separator === -1) continue
    if (pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim()
  }
  return undefined
}

export function sessionCookie (token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${sessionCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`
}

export function clearedSessionCookie (secure: boolean): string {
  return sessionCookie('', 0, secure)
}
