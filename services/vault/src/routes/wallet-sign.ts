// POST /wallet/sign-transaction {transaction}: the signed EIP-1559 transaction and its hash.

import type { VaultSignTransactionResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { signTransaction } from '../store/sign-transaction.ts'
import { parseSignTransactionRequest } from '../transaction-input.ts'

export async function signTransactionRoute ({ state, readJson }: RouteContext): Promise<Reply> {
  const transaction = parseSignTransactionRequest(await readJson())
  const body: VaultSignTransactionResponse = await signTransaction(state, transaction)
  return jsonReply(body)
}
