// GET /blocked[?unit=<unit>|other] → BlockedResponse: the record of refused attempts.

import { jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'

export const blocked: EgressHandler<'GET /blocked'> = async ({ egress, query }) => {
  const unit = query.get('unit')
  return jsonReply(egress.record.summary(unit === null ? {} : { unit }))
}
