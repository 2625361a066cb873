// POST /listings: commit to the file's key (keccak256 of its 32 bytes, from the vault; the
// key itself goes no further), send createListing, wait for it to be mined, and keep the
// listing's title and file details next to the id the ListingCreated log gives.

import { keccak256, parseEventLogs } from 'viem'
import type { Address } from 'viem'
import { InternalError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { readCurrency, readListing } from '../chain/read.ts'
import { listingSnapshot } from '../chain/snapshot.ts'
import type { EnabledShop } from '../context.ts'
import { requireWallet } from '../context.ts'
import { publishListing } from '../events/publish.ts'
import type { CreateListingInput } from '../inputs.ts'
import type { ListingRecord } from '../store/records.ts'
import { sendAndWait } from './send-and-wait.ts'

export async function createListing (shop: EnabledShop, input: CreateListingInput, payee: Address, options: AbortOptions = {}): Promise<ListingRecord> {
  requireWallet(shop)
  const file = await shop.vault.getFile(input.cid, options)
  const key = Buffer.from(file.key, 'base64url')
  const keyCommitment = keccak256(key)
  key.fill(0)
  const currency = await readCurrency(shop.chain, input.token, options)
  const receipt = await sendAndWait(shop, {
    functionName: 'createListing',
    args: [payee, input.token ?? '0x0000000000000000000000000000000000000000', input.price, input.commissionBps, input.deliveryWindowSeconds, input.cid, keyCommitment]
  }, { kind: 'listing', action: 'create', listingId: null }, options)
  const created = parseEventLogs({ abi: fileShopAbi, eventName: 'ListingCreated', logs: receipt.logs })[0]
  if (created === undefined) throw new InternalError(`transaction ${receipt.transactionHash} created no listing`)
  const listingId = created.args.listingId
  const block = await shop.chain.call(async (client) => await client.getBlock({ blockNumber: receipt.blockNumber }), options)
  const record: ListingRecord = {
    listingId: listingId.toString(),
    title: input.title,
    description: input.description,
    cid: input.cid,
    fileName: file.metadata.name,
    fileSize: file.metadata.size,
    fileType: file.metadata.type,
    createdAt: new Date(Number(block.timestamp) * 1000).toISOString(),
    transactionHash: receipt.transactionHash,
    createdBlock: Number(receipt.blockNumber),
    currency,
    chain: listingSnapshot(await readListing(shop.chain, listingId, options))
  }
  await shop.listings.save(record.listingId, record)
  shop.logger.info('listing created', { listingId: record.listingId, hash: receipt.transactionHash })
  publishListing(shop, record)
  return record
}
