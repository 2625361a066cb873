// pc2-admin's side of the other services: HTTP over their Unix sockets. pc2-admin holds
// no keys and no blocks; it checks the owner's session and passes the call on. An error a
// service answers reaches the client with the service's own name and status; a service
// that is not running is a 503 naming it.

import { request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { Pc2Error, UnavailableError } from '@pc2/core'

export interface ServiceSocket {
  /** The unit name, for messages: `pc2-ipfs`. */
  name: string
  socketPath: string
}

/** An error answered by another service, passed on as it was. */
export class ServiceError extends Pc2Error {
  override readonly status: number

  constructor (name: string, status: number, message: string, details?: Record<string, unknown>) {
    super(message, details === undefined ? {} : { details })
    this.name = name
    this.status = status
  }
}

export interface ServiceRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: Readable | Uint8Array | string
  signal?: AbortSignal
}

export async function requestService (service: ServiceSocket, call: ServiceRequest): Promise<IncomingMessage> {
  return await new Promise((resolve, reject) => {
    const outgoing = httpRequest({
      socketPath: service.socketPath,
      method: call.method,
      path: call.path,
      headers: { Host: 'localhost', ...call.headers },
      ...(call.signal === undefined ? {} : { signal: call.signal })
    }, resolve)
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        reject(new UnavailableError(`${service.name} is not running`, { details: { service: service.name }, cause: error }))
      } else if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        // The service went away mid-call (a crash or a restart): the client retries later.
        reject(new UnavailableError(`${service.name} stopped while answering; try again`, { details: { service: service.name }, cause: error }))
      } else {
        reject(error)
      }
    })
    const body = call.body
    if (body === undefined) outgoing.end()
    else if (typeof body === 'string' || body instanceof Uint8Array) outgoing.end(body)
    else {
      body.on('error', (error) => outgoing.destroy(error))
      body.pipe(outgoing)
    }
  })
}

/** Calls a JSON route; resolves its body, or throws the service's error. */
export async function callService<T> (service: ServiceSocket, method: string, path: string, options: { json?: unknown, headers?: Record<string, string>, signal?: AbortSignal } = {}): Promise<T> {
  const headers = { ...options.headers, ...(options.json === undefined ? {} : { 'Content-Type': 'application/json' }) }
  const response = await requestService(service, {
    method,
    path,
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    ...(options.signal === undefined ? {} : { signal: options.signal })
  })
  const text = await readText(response)
  const status = response.statusCode ?? 502
  if (status >= 200 && status < 300) return (text === '' ? undefined : JSON.parse(text)) as T
  throw serviceError(service, status, text)
}

export function serviceError (service: ServiceSocket, status: number, text: string): Pc2Error {
  try {
    const { error } = JSON.parse(text) as { error?: { name?: unknown, message?: unknown, details?: Record<string, unknown> } }
    if (typeof error?.name === 'string' && typeof error.message === 'string') {
      return new ServiceError(error.name, status, error.message, error.details)
    }
  } catch {}
  return new ServiceError('ServiceError', 502, `${service.name} answered ${status} without an error body`)
}

export async function readText (response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
