// Every HTTP route pc2-ipfs serves (API.md), in tables held to its contract (core's IpfsApi).
// The socket gets them all: only pc2-ipfs's group can reach it, and pc2-admin checks the
// owner's session before proxying anything but the gateway. The TCP listener, open to
// whoever can reach it, gets the gateway alone.

import { apiRoutes } from '@pc2/core'
import type { IpfsApi } from '@pc2/core'
import type { IpfsRouteContext } from './context.ts'
import { fetch } from './routes/fetch.ts'
import { gateway } from './routes/gateway.ts'
import { gc } from './routes/gc.ts'
import { health } from './routes/health.ts'
import { peers } from './routes/peers.ts'
import { pinAdd } from './routes/pin-add.ts'
import { pinRemove } from './routes/pin-remove.ts'
import { pinsList } from './routes/pins-list.ts'
import { storage } from './routes/storage.ts'
import { uploadComplete } from './routes/upload-complete.ts'
import { uploadCreate } from './routes/upload-create.ts'
import { uploadDelete } from './routes/upload-delete.ts'
import { uploadStatus } from './routes/upload-status.ts'
import { uploadWrite } from './routes/upload-write.ts'

export const gatewayRoutes = apiRoutes<Pick<IpfsApi, 'GET /ipfs/*'>, IpfsRouteContext>({
  'GET /ipfs/*': gateway
})

export const socketRoutes = apiRoutes<IpfsApi, IpfsRouteContext>({
  'GET /ipfs/*': gateway,
  'GET /health': health,
  'POST /uploads': uploadCreate,
  'GET /uploads/:id': uploadStatus,
  'PUT /uploads/:id': uploadWrite,
  'DELETE /uploads/:id': uploadDelete,
  'POST /uploads/:id/complete': uploadComplete,
  'GET /pins': pinsList,
  'PUT /pins/:cid': pinAdd,
  'DELETE /pins/:cid': pinRemove,
  'GET /storage': storage,
  'POST /gc': gc,
  'GET /peers': peers,
  'POST /fetch': fetch
})
