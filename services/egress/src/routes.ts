// Every route pc2-egress serves (API.md next to this directory), in one table held to its
// contract (core's EgressApi). The socket's mode (0660, group pc2-egress) is the access check.

import { apiRoutes } from '@pc2/core'
import type { EgressApi } from '@pc2/core'
import type { EgressRouteContext } from './context.ts'
import { appDestinationsRoute } from './routes/app-destinations.ts'
import { blocked } from './routes/blocked.ts'
import { addDestinationRoute } from './routes/destination-add.ts'
import { removeDestinationRoute } from './routes/destination-remove.ts'
import { events } from './routes/events.ts'
import { health } from './routes/health.ts'
import { policy } from './routes/policy.ts'
import { ruleset } from './routes/ruleset.ts'

export const routes = apiRoutes<EgressApi, EgressRouteContext>({
  'GET /health': health,
  'GET /policy': policy,
  'GET /ruleset': ruleset,
  'POST /units/:unit/destinations': addDestinationRoute,
  'DELETE /units/:unit/destinations/:key': removeDestinationRoute,
  'PUT /apps/:app/destinations': appDestinationsRoute,
  'GET /blocked': blocked,
  'GET /events': events
})
