// The HTTP server: turns each request into a route call and its reply into a response, and
// makes sure no failure escapes as anything but the JSON error shape. It logs method, path
// and status only: bodies in both directions carry keys, and are never logged.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { InvalidInputError } from '@pc2/core'
import type { Logger } from '@pc2/core'
import { readJsonBody } from '@pc2/core'
import { bodyLimitBytes, errorReply, sendReply } from './http.ts'
import type { Reply } from './http.ts'
import { findRoute } from './router.ts'
import type { Route } from './router.ts'
import type { VaultState } from './store/state.ts'

export function createVaultServer (routes: readonly Route[], state: VaultState, logger: Logger): Server {
  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('response failed', { error })
      response.destroy()
    })
  })

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = request.method ?? 'GET'
    // A request's work stops when its client goes away. Stopping the vault does not cut
    // requests short: each takes milliseconds, and a write that is under way should land.
    const gone = new AbortController()
    response.on('close', () => { if (!response.writableFinished) gone.abort() })
    const signal = gone.signal
    // Only a routed path is logged (a pattern and a checked CID): any other path is whatever
    // a client put in the URL, which could be a key.
    let path = '(no route)'
    let reply: Reply
    try {
      const { route, cid } = findRoute(routes, method, parsePath(request.url))
      path = route.path.replace(':cid', cid)
      reply = await route.handler({ state, cid, signal, readJson: async () => await readJsonBody(request, { limitBytes: bodyLimitBytes, signal }) })
    } catch (error) {
      const failure = errorReply(error)
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed) return
    sendReply(response, reply)
    logger.debug('request', { method, path, status: reply.status, ms: Math.round(performance.now() - started) })
  }
}

function parsePath (target: string | undefined): string {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) {
    throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
  }
  return new URL(target, 'http://vault.invalid').pathname
}
