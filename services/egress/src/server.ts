// The HTTP server on pc2-egress's socket: core's route server with pc2-egress's state.

import type { Server } from 'node:http'
import { createRouteServer } from '@pc2/core'
import type { ApiReply, ApiRoute, Logger, RequestContext } from '@pc2/core'
import type { EgressState } from './index.ts'

export interface RouteContext extends RequestContext {
  egress: EgressState
}

export type Route = ApiRoute<RouteContext, ApiReply>

/** Destinations are a host, a protocol, a port and a short note. */
const bodyLimitBytes = 4 * 1024

export function createEgressServer (routes: readonly Route[], egress: EgressState, logger: Logger, stopping: AbortSignal): Server {
  return createRouteServer(routes, { name: 'egress', state: { egress }, logger, stopping, bodyLimitBytes })
}
