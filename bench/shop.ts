// The FileShop figures of `npm run bench`, measured on the host against anvil:
//   purchase_key_p50_ms, purchase_key_p95_ms
//       over 100 purchases on a chain that makes a block every second: from the moment the
//       buyer sees its `buy` mined to the moment it holds the opened file key (the node saw
//       the purchase, the vault sealed the key, the `deliver` transaction was mined, the
//       buyer read it from the chain). Baseline: the measured block interval + 300 ms, the
//       goal; a ratio ≤ 1 meets it.
//   gas_buy, gas_deliver (and the ERC-20 and listing figures) from contracts/bench/gas.ts.
import { randomBytes } from 'node:crypto'
import sodium from 'libsodium-wrappers'
import { decodeEventLog, keccak256, parseEther, toHex, zeroAddress, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { anvilClients, deployFileShop, startAnvil } from '@pc2/contracts'
import { measureGas } from '../contracts/bench/gas.ts'
import { FileEncryptor, concat, encodeFileKey } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import type { OwnerListing, WalletResponse } from '@pc2/core'
import { killOnExit } from '@pc2/test-support/exit-cleanup'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import { round } from './figure.ts'
import type { Figure } from './figure.ts'

function percentile (sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!
}

export async function benchShop (purchases = 100): Promise<Record<string, Figure>> {
  const figures: Record<string, Figure> = {}
  for (const [key, value] of Object.entries(await measureGas())) figures[key] = { value, unit: 'gas' }

  const blockSeconds = 1
  const anvil = await startAnvil({ blockTime: blockSeconds })
  killOnExit(anvil.process)
  const clients = anvilClients(anvil)
  const contract = await deployFileShop(clients)
  const stack = await startStack({ shop: { rpcUrl: anvil.rpcUrl, contract, confirmations: 0, pollInterval: 100 } })
  try {
    const owner = await claimStack(stack)
    const call = async <T>(path: string, method: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${stack.origin}${path}`, {
        method,
        headers: { ...ownerHeaders(owner, stack.origin), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
      return await response.json() as T
    }
    const wallet = await call<WalletResponse>('/api/shop/wallet', 'POST', {})
    await clients.publicClient.waitForTransactionReceipt({ hash: await clients.walletClient.sendTransaction({ to: wallet.address, value: parseEther('10') }) })

    // One small encrypted file, uploaded as the web UI does.
    const backend = await loadFastestBackend()
    const key = backend.randomBytes(32)
    const plaintext = randomBytes(64 * 1024)
    const metadata = { name: 'bench.bin', type: 'application/octet-stream', size: plaintext.byteLength }
    const encryptor = new FileEncryptor(backend, key, metadata)
    const ciphertext = concat([...encryptor.update(plaintext), ...encryptor.final()])
    const upload = await call<{ id: string }>('/api/uploads', 'POST', { size: ciphertext.byteLength })
    const put = await fetch(`${stack.origin}/api/uploads/${upload.id}?offset=0`, {
      method: 'PUT', headers: { ...ownerHeaders(owner, stack.origin), 'content-type': 'application/octet-stream' }, body: ciphertext
    })
    if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`)
    const { cid } = await call<{ cid: string }>(`/api/uploads/${upload.id}/complete`, 'POST', { key: encodeFileKey(key), metadata })
    const listing = await call<OwnerListing>('/api/shop/listings', 'POST', { cid, title: 'Bench', price: parseEther('0.001').toString(), commissionBps: 1000 })

    await sodium.ready
    const buyer = privateKeyToAccount(generatePrivateKey())
    await clients.testClient.setBalance({ address: buyer.address, value: parseEther('100') })
    const buyerClients = anvilClients(anvil, buyer as never)
    const latencies: number[] = []
    const blockTimes: number[] = []
    for (let index = 0; index < purchases; index++) {
      const keyPair = sodium.crypto_box_keypair()
      const hash = await buyerClients.walletClient.writeContract({
        address: contract,
        abi: fileShopAbi,
        functionName: 'buy',
        args: [BigInt(listing.listingId), zeroAddress, toHex(keyPair.publicKey)],
        value: BigInt(listing.price)
      })
      const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      const seen = performance.now()
      const purchaseId = purchasedId(receipt.logs)
      const sealedKey = await waitForDelivery(clients.publicClient, contract, purchaseId, receipt.blockNumber)
      const opened = sodium.crypto_box_seal_open(hexBytes(sealedKey), keyPair.publicKey, keyPair.privateKey)
      latencies.push(performance.now() - seen)
      if (keccak256(opened) !== listing.keyCommitment) throw new Error(`purchase ${purchaseId}: the delivered key does not match the commitment`)
      const [mined, next] = await Promise.all([
        clients.publicClient.getBlock({ blockNumber: receipt.blockNumber }),
        clients.publicClient.getBlock({ blockNumber: receipt.blockNumber - 1n })
      ])
      blockTimes.push(Number(mined.timestamp - next.timestamp) * 1000)
    }
    latencies.sort((a, b) => a - b)
    const blockMs = blockTimes.reduce((sum, value) => sum + value, 0) / blockTimes.length
    const goal = blockMs + 300
    const p50 = percentile(latencies, 0.5)
    const p95 = percentile(latencies, 0.95)
    figures.purchase_key_p50_ms = { value: round(p50), unit: 'ms', baseline: round(goal), ratio: round(p50 / goal, 2) }
    figures.purchase_key_p95_ms = { value: round(p95), unit: 'ms', baseline: round(goal), ratio: round(p95 / goal, 2) }
    return figures
  } finally {
    await stack.stop()
    await anvil.stop()
  }
}

function purchasedId (logs: Array<{ data: Hex, topics: Hex[] }>): bigint {
  for (const log of logs) {
    try {
      const event = decodeEventLog({ abi: fileShopAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] })
      if (event.eventName === 'Purchased') return event.args.purchaseId
    } catch {}
  }
  throw new Error('the buy transaction logged no Purchased event')
}

async function waitForDelivery (
  publicClient: ReturnType<typeof anvilClients>['publicClient'], contract: `0x${string}`, purchaseId: bigint, fromBlock: bigint
): Promise<Hex> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const logs = await publicClient.getContractEvents({ address: contract, abi: fileShopAbi, eventName: 'Delivered', args: { purchaseId }, fromBlock })
    const delivered = logs[0]
    if (delivered !== undefined) return delivered.args.sealedKey!
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`purchase ${purchaseId} was not delivered within 60 s`)
}

function hexBytes (hex: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))
}
