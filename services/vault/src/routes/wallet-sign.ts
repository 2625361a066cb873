// POST /wallet/sign-transaction {transaction}: the signed EIP-1559 transaction and its hash.

import { jsonReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'
import { signTransaction } from '../store/sign-transaction.ts'
import { parseSignTransactionRequest } from '../transaction-input.ts'

export const signTransactionRoute: VaultHandler<'POST /wallet/sign-transaction'> = async ({ vault, readJson }) =>
  jsonReply(await signTransaction(vault, parseSignTransactionRequest(await readJson())))
