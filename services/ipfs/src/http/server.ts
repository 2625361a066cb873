// The HTTP server: turns each request into a route call and its reply into a response,
// logs it, and makes sure no failure escapes as anything but the JSON error shape. One
// server per listener, each with its own table: the Unix socket gets the whole API, the
// optional TCP listener the gateway only.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { InvalidInputError, readJsonBody } from '@pc2/core'
import type { Logger } from '@pc2/core'
import type { IpfsServices } from '../services.ts'
import { jsonBodyLimitBytes } from './body.ts'
import { errorReply, sendReply } from './reply.ts'
import type { AnyReply } from './reply.ts'
import { findRoute } from './router.ts'
import type { Route } from './router.ts'

export function createIpfsServer (routes: readonly Route[], services: IpfsServices, logger: Logger, stopping: AbortSignal): Server {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Headers are out (a CAR or file stream failed halfway): all that is left is to cut
      // the connection, so the client sees a truncated body rather than a short success.
      // A client that went away mid-stream is routine, not worth a warning.
      const log = response.destroyed || stopping.aborted ? logger.debug : logger.warning
      log('response failed', { method: request.method, path: request.url, error })
      response.destroy()
    })
  })
  // Uploads of large files and CAR streams run for minutes; only an idle socket is cut.
  server.requestTimeout = 0
  server.timeout = 120_000
  return server

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = request.method ?? 'GET'
    const abort = new AbortController()
    response.on('close', () => { if (!response.writableFinished) abort.abort(new Error('client went away')) })
    const signal = AbortSignal.any([abort.signal, stopping])
    let path = request.url ?? '/'
    let reply: AnyReply
    try {
      const url = parseUrl(request.url)
      path = url.pathname
      const { route, params } = findRoute(routes, method, path)
      reply = await route.handler({
        method,
        url,
        params,
        headers: request.headers,
        request,
        signal,
        services,
        readJson: async () => await readJsonBody(request, { limitBytes: jsonBodyLimitBytes, signal })
      })
    } catch (error) {
      const failure = errorReply(error)
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed) return
    // A body the handler did not read (a refused upload) would be parsed as the next request.
    if (!request.complete) response.setHeader('Connection', 'close')
    await sendReply(response, reply, { headOnly: method === 'HEAD', signal })
    logger.debug('request', { method, path, status: reply.status, ms: Math.round(performance.now() - started) })
  }
}

function parseUrl (target: string | undefined): URL {
  if (target !== undefined && target.startsWith('/') && !target.startsWith('//')) return new URL(target, 'http://pc2.invalid')
  throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
}
