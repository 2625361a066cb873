// GET|HEAD /ipfs/<cid>: the trustless gateway. Serves only what is stored here; it never
// fetches from the network on a request (anyone on the LAN may ask).

import { carReply } from '../gateway/car.ts'
import { fileReply } from '../gateway/file.ts'
import { rawReply } from '../gateway/raw.ts'
import { parseGatewayRequest } from '../gateway/request.ts'
import type { AnyReply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function gateway ({ services, params, url, headers, signal }: RouteContext): Promise<AnyReply> {
  const { cid, format, scope } = parseGatewayRequest(params['*'] ?? '', url, headers)
  const ifNoneMatch = headers['if-none-match']
  if (format === 'raw') return await rawReply(services.blockstore, cid, ifNoneMatch, { signal })
  if (format === 'car') return await carReply(services.blockstore, cid, scope, ifNoneMatch, { signal })
  return await fileReply(services.blockstore, cid, {
    ...(headers.range === undefined ? {} : { range: headers.range }),
    ...(ifNoneMatch === undefined ? {} : { ifNoneMatch })
  }, { signal })
}
