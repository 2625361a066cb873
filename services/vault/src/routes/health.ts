// GET /health: the vault is up and its state opened (start fails otherwise).

import { jsonReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'

export const health: VaultHandler<'GET /health'> = async () => jsonReply({ ok: true })
