// Every route pc2-vault serves (API.md), in one table held to its contract (core's VaultApi).
// There is no access level here: the socket's mode (0660, group pc2-vault) is the access
// check, and pc2-admin checks the owner's session before it calls the routes that return a key.

import { apiRoutes } from '@pc2/core'
import type { VaultApi } from '@pc2/core'
import type { VaultRouteContext } from './context.ts'
import { deleteFileRoute } from './routes/file-delete.ts'
import { getFileRoute } from './routes/file-get.ts'
import { listFilesRoute } from './routes/file-list.ts'
import { putFileRoute } from './routes/file-put.ts'
import { sealFileRoute } from './routes/file-seal.ts'
import { health } from './routes/health.ts'
import { identity } from './routes/identity.ts'
import { createWalletRoute } from './routes/wallet-create.ts'
import { getWalletRoute } from './routes/wallet-get.ts'
import { signTransactionRoute } from './routes/wallet-sign.ts'

export const routes = apiRoutes<VaultApi, VaultRouteContext>({
  'GET /health': health,
  'GET /identity': identity,
  'GET /files': listFilesRoute,
  'PUT /files/:cid': putFileRoute,
  'GET /files/:cid': getFileRoute,
  'DELETE /files/:cid': deleteFileRoute,
  'POST /files/:cid/seal': sealFileRoute,
  'GET /wallet': getWalletRoute,
  'POST /wallet': createWalletRoute,
  'POST /wallet/sign-transaction': signTransactionRoute
})
