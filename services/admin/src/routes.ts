// Every HTTP route pc2-admin serves, in one table.

import { jsonReply } from './http.ts'
import { homePage } from './pages/home.ts'
import type { Route } from './router.ts'

export const routes: readonly Route[] = [
  { method: 'GET', path: '/', handler: homePage },
  { method: 'GET', path: '/api/status', handler: async ({ collectStatus, signal }) => jsonReply(await collectStatus({ signal })) }
]
