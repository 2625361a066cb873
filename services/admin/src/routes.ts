// Every HTTP route pc2-admin serves, in one table, each with its access level. The server
// enforces the level (session, CSRF) before calling the handler; test/routes.spec.ts walks
// this table and proves every owner route refuses a caller without a session.

import type { AdminRoute } from './context.ts'
import { claim } from './routes/claim.ts'
import { health } from './routes/health.ts'
import { journal } from './routes/journal.ts'
import { journalStream } from './routes/journal-stream.ts'
import { login } from './routes/login.ts'
import { logout } from './routes/logout.ts'
import { issueNonce } from './routes/nonce.ts'
import { requestPower } from './routes/power.ts'
import { describeSession } from './routes/session.ts'
import { listSettings } from './routes/settings-list.ts'
import { updateSettings } from './routes/settings-update.ts'
import { status } from './routes/status.ts'
import { serveUi } from './routes/ui.ts'
import { deleteFile, fileKey, listFiles } from './routes/files.ts'
import { gateway } from './routes/gateway.ts'
import { network } from './routes/network.ts'
import { appList, appOwner, webApp } from './routes/apps.ts'
import { shopOwner } from './routes/shop.ts'
import { storefront } from './routes/storefront.ts'
import { collectGarbage, fetchFromPeers, peers, storage } from './routes/storage.ts'
import { abortUpload, completeUpload, createUpload, uploadBytes, uploadStatus } from './routes/uploads.ts'

export const routes: readonly AdminRoute[] = [
  { method: 'GET', path: '/api/health', access: 'public', handler: health },
  { method: 'GET', path: '/api/auth/nonce', access: 'public', handler: issueNonce },
  { method: 'GET', path: '/api/auth/session', access: 'public', handler: describeSession },
  { method: 'POST', path: '/api/claim', access: 'public', handler: claim },
  { method: 'POST', path: '/api/auth/login', access: 'public', handler: login },
  { method: 'POST', path: '/api/auth/logout', access: 'owner', handler: logout },
  { method: 'GET', path: '/api/status', access: 'owner', handler: status },
  { method: 'GET', path: '/api/journal', access: 'owner', handler: journal },
  { method: 'GET', path: '/api/journal/stream', access: 'owner', handler: journalStream },
  { method: 'POST', path: '/api/system/reboot', access: 'owner', handler: requestPower('reboot') },
  { method: 'POST', path: '/api/system/poweroff', access: 'owner', handler: requestPower('poweroff') },
  { method: 'GET', path: '/api/settings', access: 'owner', handler: listSettings },
  { method: 'PUT', path: '/api/settings', access: 'owner', handler: updateSettings },
  { method: 'POST', path: '/api/uploads', access: 'owner', handler: createUpload },
  { method: 'GET', path: '/api/uploads/:id', access: 'owner', handler: uploadStatus },
  { method: 'PUT', path: '/api/uploads/:id', access: 'owner', handler: uploadBytes },
  { method: 'DELETE', path: '/api/uploads/:id', access: 'owner', handler: abortUpload },
  { method: 'POST', path: '/api/uploads/:id/complete', access: 'owner', handler: completeUpload },
  { method: 'GET', path: '/api/files', access: 'owner', handler: listFiles },
  { method: 'GET', path: '/api/files/:cid/key', access: 'owner', handler: fileKey },
  { method: 'DELETE', path: '/api/files/:cid', access: 'owner', handler: deleteFile },
  { method: 'GET', path: '/api/storage', access: 'owner', handler: storage },
  { method: 'POST', path: '/api/storage/gc', access: 'owner', handler: collectGarbage },
  { method: 'GET', path: '/api/peers', access: 'owner', handler: peers },
  { method: 'POST', path: '/api/peers/fetch', access: 'owner', handler: fetchFromPeers },
  { method: 'GET', path: '/api/shop/*', access: 'owner', handler: shopOwner },
  { method: 'POST', path: '/api/shop/*', access: 'owner', handler: shopOwner },
  { method: 'PATCH', path: '/api/shop/*', access: 'owner', handler: shopOwner },
  { method: 'DELETE', path: '/api/shop/*', access: 'owner', handler: shopOwner },
  { method: 'GET', path: '/api/network/*', access: 'owner', handler: network },
  { method: 'POST', path: '/api/network/*', access: 'owner', handler: network },
  { method: 'DELETE', path: '/api/network/*', access: 'owner', handler: network },
  { method: 'GET', path: '/api/apps', access: 'owner', handler: appList },
  { method: 'POST', path: '/api/apps', access: 'owner', handler: appList },
  { method: 'GET', path: '/api/apps/*', access: 'owner', handler: appOwner },
  { method: 'POST', path: '/api/apps/*', access: 'owner', handler: appOwner },
  { method: 'PUT', path: '/api/apps/*', access: 'owner', handler: appOwner },
  { method: 'DELETE', path: '/api/apps/*', access: 'owner', handler: appOwner },
  { method: 'GET', path: '/apps/*', access: 'app', handler: webApp },
  { method: 'POST', path: '/apps/*', access: 'app', handler: webApp },
  { method: 'GET', path: '/api/storefront/*', access: 'public', handler: storefront },
  { method: 'GET', path: '/ipfs/*', access: 'public', handler: gateway },
  // Every other GET outside /api/: the UI's own router handles deep links.
  { method: 'GET', path: '/*', excluding: '/api', access: 'public', handler: serveUi }
]
