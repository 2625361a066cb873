// Every route pc2-vault serves (API.md), in one table. There is no access level here: the
// socket's mode (0660, group pc2-vault) is the access check, and pc2-admin checks the
// owner's session before it calls the routes that return a key.

import type { Route } from './router.ts'
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

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', handler: health },
  { method: 'GET', path: '/identity', handler: identity },
  { method: 'GET', path: '/files', handler: listFilesRoute },
  { method: 'PUT', path: '/files/:cid', handler: putFileRoute },
  { method: 'GET', path: '/files/:cid', handler: getFileRoute },
  { method: 'DELETE', path: '/files/:cid', handler: deleteFileRoute },
  { method: 'POST', path: '/files/:cid/seal', handler: sealFileRoute },
  { method: 'GET', path: '/wallet', handler: getWalletRoute },
  { method: 'POST', path: '/wallet', handler: createWalletRoute },
  { method: 'POST', path: '/wallet/sign-transaction', handler: signTransactionRoute }
]
