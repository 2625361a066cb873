// Storage and peers pages: pc2-ipfs answers, pc2-admin only checks the session.

import { jsonReply } from '@pc2/core'
import type { Reply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'
import { checkCid } from './file-input.ts'

export async function storage ({ admin, signal }: OwnerRouteContext): Promise<Reply> {
  return jsonReply(await admin.clients.ipfs.call('GET /storage', { signal }))
}

export async function collectGarbage ({ admin, signal }: OwnerRouteContext): Promise<Reply> {
  const result = await admin.clients.ipfs.call('POST /gc', { signal })
  admin.logger.info('garbage collected', { ...result })
  return jsonReply(result)
}

export async function peers ({ admin, signal }: OwnerRouteContext): Promise<Reply> {
  return jsonReply(await admin.clients.ipfs.call('GET /peers', { signal }))
}

export async function fetchFromPeers ({ admin, readJson, signal }: OwnerRouteContext): Promise<Reply> {
  const body = await readJson() as { cid?: unknown, peerId?: unknown }
  const cid = checkCid(typeof body?.cid === 'string' ? body.cid : '')
  const json = typeof body.peerId === 'string' ? { cid, peerId: body.peerId } : { cid }
  return jsonReply(await admin.clients.ipfs.call('POST /fetch', { json, signal }), 201)
}
