// The one way the UI talks to pc2-admin: JSON in and out, the CSRF header on every state
// change, server errors turned into ApiError (matched on `name`, never on message text),
// and a 401 "UnauthenticatedError" reported so the app can show the login page.

export interface ApiErrorInit {
  name: string
  message: string
  status: number
  details?: Record<string, unknown> | undefined
  retryAfterSeconds?: number | undefined
}

export class ApiError extends Error {
  readonly status: number
  readonly details: Record<string, unknown> | undefined
  readonly retryAfterSeconds: number | undefined

  constructor (init: ApiErrorInit) {
    super(init.message)
    this.name = init.name
    this.status = init.status
    this.details = init.details
    this.retryAfterSeconds = init.retryAfterSeconds
  }
}

let csrfToken: string | undefined
const unauthenticatedListeners = new Set<() => void>()

/** Remember the token from the session or login answer; `undefined` after logout. */
export function setCsrfToken (token: string | undefined): void {
  csrfToken = token
}

/** The headers every state-changing request carries (for requests not made by `apiRequest`). */
export function stateChangeHeaders (): Record<string, string> {
  return csrfToken === undefined ? {} : { 'X-CSRF-Token': csrfToken }
}

/** Called whenever the server says the session is gone. Returns an unsubscribe function. */
export function onUnauthenticated (listener: () => void): () => void {
  unauthenticatedListeners.add(listener)
  return () => { unauthenticatedListeners.delete(listener) }
}

export function reportUnauthenticated (): void {
  for (const listener of unauthenticatedListeners) listener()
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads `{error: {name, message, details?}}`, or describes a reply that is not one. */
export function errorFromReply (status: number, statusText: string, body: unknown, retryAfter: string | null): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined
  const seconds = retryAfter === null ? undefined : Number.parseInt(retryAfter, 10)
  const retryAfterSeconds = seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined
  if (error !== undefined && typeof error.name === 'string' && typeof error.message === 'string') {
    return new ApiError({
      name: error.name,
      message: error.message,
      status,
      details: isRecord(error.details) ? error.details : undefined,
      retryAfterSeconds
    })
  }
  const answered = statusText === '' ? `${status}` : `${status} ${statusText}`
  return new ApiError({ name: 'HttpError', message: `The node answered ${answered}.`, status, retryAfterSeconds })
}

/** A reply's body as JSON, or undefined when it is empty or not JSON. */
export function parseJson (text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/** No answer at all: the node is off, unreachable, or the connection broke. */
export function networkError (message = 'The node did not answer.'): ApiError {
  return new ApiError({ name: 'NetworkError', message, status: 0 })
}

/** The error a reply that is not 2xx carries; a lost session is reported, for the app to show its sign-in page. */
export function failedReply (status: number, statusText: string, text: string, retryAfter: string | null): ApiError {
  const error = errorFromReply(status, statusText, parseJson(text), retryAfter)
  if (error.status === 401 && error.name === 'UnauthenticatedError') reportUnauthenticated()
  return error
}

export interface RequestOptions {
  signal?: AbortSignal | undefined
}

export async function apiRequest<T> (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken

  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal ?? null
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw networkError()
  }

  const text = await response.text()
  if (!response.ok) throw failedReply(response.status, response.statusText, text, response.headers.get('Retry-After'))
  const parsed = parseJson(text)
  if (text !== '' && parsed === undefined) {
    throw new ApiError({ name: 'HttpError', message: 'The node answered something that is not JSON.', status: response.status })
  }
  return parsed as T
}

export const api = {
  get: async <T>(path: string, options?: RequestOptions) => await apiRequest<T>('GET', path, undefined, options),
  post: async <T>(path: string, body?: unknown, options?: RequestOptions) => await apiRequest<T>('POST', path, body, options),
  put: async <T>(path: string, body: unknown, options?: RequestOptions) => await apiRequest<T>('PUT', path, body, options),
  patch: async <T>(path: string, body: unknown, options?: RequestOptions) => await apiRequest<T>('PATCH', path, body, options),
  delete: async <T>(path: string, options?: RequestOptions) => await apiRequest<T>('DELETE', path, undefined, options)
}
