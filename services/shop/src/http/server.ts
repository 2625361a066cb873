// The HTTP server: turns each request into a route call and its reply into a response, and
// makes sure no failure escapes as anything but the JSON error shape. It logs method, route
// pattern and status only: a path is whatever a client put in the URL.

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { getAddress, isAddress } from 'viem'
import { createApiServer, InvalidInputError, readJsonBody, requestSignal } from '@pc2/core'
import type { Logger } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import { bodyLimitBytes, errorReply, sendReply } from './reply.ts'
import type { AnyReply } from './reply.ts'
import { findRoute } from './router.ts'
import type { Route } from './router.ts'

export function createShopServer (routes: readonly Route[], shop: ShopContext, logger: Logger, stopping: AbortSignal): Server {
  return createApiServer(handle, logger)

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = request.method ?? 'GET'
    const signal = requestSignal(response, stopping)
    rememberOwner(shop, request.headers['x-pc2-owner'])
    let path = '(no route)'
    let reply: AnyReply
    try {
      const { route, params } = findRoute(routes, method, parsePath(request.url))
      path = route.path
      reply = await route.handler({
        shop,
        params,
        headers: request.headers,
        signal,
        readJson: async () => await readJsonBody(request, { limitBytes: bodyLimitBytes, signal })
      })
    } catch (error) {
      const failure = errorReply(error)
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed) return
    if (!request.complete) response.setHeader('Connection', 'close')
    logger.debug('request', { method, path, status: reply.status, ms: Math.round(performance.now() - started) })
    await sendReply(response, reply, signal)
  }
}

/** pc2-admin names the signed-in owner; status shows it as the payout address when that is `owner`. */
function rememberOwner (shop: ShopContext, header: string | string[] | undefined): void {
  if (typeof header === 'string' && isAddress(header, { strict: false })) shop.runtime.owner = getAddress(header)
}

function parsePath (target: string | undefined): string {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) {
    throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
  }
  return new URL(target, 'http://shop.invalid').pathname
}
