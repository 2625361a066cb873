// Every HTTP route pc2-ipfs serves, in one table (API.md). The socket gets them all: only
// pc2-ipfs's group can reach it, and pc2-admin checks the owner's session before proxying
// anything but the gateway. The TCP listener, open to whoever can reach it, gets the
// gateway alone.

import type { Route } from './http/router.ts'
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

export const gatewayRoutes: readonly Route[] = [
  { method: 'GET', path: '/ipfs/*', handler: gateway }
]

export const apiRoutes: readonly Route[] = [
  ...gatewayRoutes,
  { method: 'GET', path: '/health', handler: health },
  { method: 'POST', path: '/uploads', handler: uploadCreate },
  { method: 'GET', path: '/uploads/:id', handler: uploadStatus },
  { method: 'PUT', path: '/uploads/:id', handler: uploadWrite },
  { method: 'DELETE', path: '/uploads/:id', handler: uploadDelete },
  { method: 'POST', path: '/uploads/:id/complete', handler: uploadComplete },
  { method: 'GET', path: '/pins', handler: pinsList },
  { method: 'PUT', path: '/pins/:cid', handler: pinAdd },
  { method: 'DELETE', path: '/pins/:cid', handler: pinRemove },
  { method: 'GET', path: '/storage', handler: storage },
  { method: 'POST', path: '/gc', handler: gc },
  { method: 'GET', path: '/peers', handler: peers },
  { method: 'POST', path: '/fetch', handler: fetch }
]
