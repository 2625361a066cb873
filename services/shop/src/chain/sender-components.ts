// What the one sender works with: sender.ts sends through it, and reconcile.ts, which the
// sender runs once per poll, reconciles the outbox with it.

import type { Address } from 'viem'
import type { Logger } from '@pc2/core'
import type { JsonDir } from '../store/json-dir.ts'
import type { OutboxRecord } from '../store/records.ts'
import type { VaultClient } from '../vault/client.ts'
import type { ChainClient } from './client.ts'

/** Where the sender is in a transaction's life; the test hook PC2_SHOP_TEST_CRASH_AFTER stops the process there. */
export type SendStep = 'outbox-persisted' | 'broadcast'

export interface SenderComponents {
  chain: ChainClient
  vault: VaultClient
  outbox: JsonDir<OutboxRecord>
  logger: Logger
  wallet: () => Address | undefined
  /** Blocks a mined transaction is kept for, in case a reorg drops it. */
  reorgWindow: number
  onStep?: (step: SendStep, record: OutboxRecord) => void
}
