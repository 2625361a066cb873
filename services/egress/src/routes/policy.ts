// GET /policy → PolicyResponse: the policy in force in words, and the owner's and the apps' lists.

import { jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'
import { policyResponse } from '../policy-response.ts'

export const policy: EgressHandler<'GET /policy'> = async ({ egress }) => jsonReply(policyResponse(egress))
