// Storage and peers pages: pc2-ipfs answers, pc2-admin only checks the session.

import { callService } from '../backends/service-socket.ts'
import { jsonReply } from '../http.ts'
import type { AnyReply } from '../http.ts'
import type { OwnerContext } from '../router.ts'
import { checkCid } from './file-input.ts'

export async function storage (context: OwnerContext): Promise<AnyReply> {
  return jsonReply(await callService(context.services.backends.ipfs, 'GET', '/storage', { signal: context.signal }))
}

export async function collectGarbage (context: OwnerContext): Promise<AnyReply> {
  const result = await callService(context.services.backends.ipfs, 'POST', '/gc', { signal: context.signal })
  context.services.logger.info('garbage collected', result as Record<string, unknown>)
  return jsonReply(result)
}

export async function peers (context: OwnerContext): Promise<AnyReply> {
  return jsonReply(await callService(context.services.backends.ipfs, 'GET', '/peers', { signal: context.signal }))
}

export async function fetchFromPeers (context: OwnerContext): Promise<AnyReply> {
  const body = await context.readJson() as { cid?: unknown, peerId?: unknown }
  const cid = checkCid(typeof body?.cid === 'string' ? body.cid : '')
  const json = typeof body.peerId === 'string' ? { cid, peerId: body.peerId } : { cid }
  return jsonReply(await callService(context.services.backends.ipfs, 'POST', '/fetch', { json, signal: context.signal }), 201)
}
