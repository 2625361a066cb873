// GET /events: Server-Sent Events, the record's summary first (`blocked`), then `refused`
// attempts as they happen and the `policy` after each change.

import { eventStream } from '@pc2/core'
import type { EgressHandler } from '../context.ts'

export const events: EgressHandler<'GET /events'> = async ({ egress }) =>
  eventStream('pc2-egress', (listener) => egress.events.subscribe(listener), [{ event: 'blocked', data: egress.record.summary() }])
