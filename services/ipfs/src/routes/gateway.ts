// GET|HEAD /ipfs/<cid>: the trustless gateway. Serves only what is stored here; it never
// fetches from the network on a request (anyone on the LAN may ask).

import type { IpfsHandler } from '../context.ts'
import { carReply } from '../gateway/car.ts'
import { fileReply } from '../gateway/file.ts'
import { rawReply } from '../gateway/raw.ts'
import { parseGatewayRequest } from '../gateway/request.ts'

export const gateway: IpfsHandler<'GET /ipfs/*'> = async ({ ipfs, params, url, headers, signal }) => {
  const { cid, format, scope } = parseGatewayRequest(params['*'], url, headers)
  const ifNoneMatch = headers['if-none-match']
  if (format === 'raw') return await rawReply(ipfs.blockstore, cid, ifNoneMatch, { signal })
  if (format === 'car') return await carReply(ipfs.blockstore, cid, scope, ifNoneMatch, { signal })
  return await fileReply(ipfs.blockstore, cid, {
    ...(headers.range === undefined ? {} : { range: headers.range }),
    ...(ifNoneMatch === undefined ? {} : { ifNoneMatch })
  }, { signal })
}
