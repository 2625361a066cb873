// One anvil per test file with FileShop and a 6-decimal test token deployed; every test runs
// on an `evm_snapshot` that is reverted after it, so tests stay independent and fast.

import { after, afterEach, before, beforeEach } from 'node:test'
import {
  createPublicClient, createTestClient, createWalletClient, http, parseEther,
  type Abi, type Address, type Hex, type TransactionReceipt
} from 'viem'
import type { HDAccount } from 'viem/accounts'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { startAnvil, type Anvil } from '../../src/anvil.ts'
import { compileContracts } from '../../src/compile.ts'
import { deployContract, deployFileShop, deployTestToken } from '../../src/deploy.ts'

export { fileShopAbi }
export const ETH: Address = '0x0000000000000000000000000000000000000000'

export interface TestChain {
  anvil: Anvil
  publicClient: ReturnType<typeof makeClients>['publicClient']
  testClient: ReturnType<typeof makeClients>['testClient']
  /** seller (deployer), payee, promoter, buyer, stranger, then five more funded accounts. */
  accounts: HDAccount[]
  seller: HDAccount
  payee: HDAccount
  promoter: HDAccount
  buyer: HDAccount
  stranger: HDAccount
  shop: Address
  usdc: Address
  wallet: (account: HDAccount) => ReturnType<typeof makeWallet>
  /** Sends a transaction and waits for a successful receipt (throws the decoded revert). */
  send: (account: HDAccount, call: ContractCall) => Promise<TransactionReceipt>
  /** Deploys a compiled contract (a test helper) from the seller account. */
  deploy: (name: string, args?: readonly unknown[]) => Promise<Address>
  abiOf: (name: string) => Promise<Abi>
}

export interface ContractCall {
  address: Address
  abi: Abi
  functionName: string
  args?: readonly unknown[]
  value?: bigint
  gas?: bigint
}

function makeClients (anvil: Anvil) {
  const transport = http(anvil.rpcUrl, { batch: true })
  return {
    publicClient: createPublicClient({ chain: anvil.chain, transport, pollingInterval: 5 }),
    testClient: createTestClient({ chain: anvil.chain, transport, mode: 'anvil', pollingInterval: 5 })
  }
}

function makeWallet (anvil: Anvil, account: HDAccount) {
  return createWalletClient({ chain: anvil.chain, transport: http(anvil.rpcUrl), account, pollingInterval: 5 })
}

/** Registers the file's hooks; call at the top level of a spec file, read the chain in tests. */
export function useChain (): () => TestChain {
  let chain: TestChain | undefined
  let snapshot: Hex | undefined
  before(async () => { chain = await startTestChain() })
  after(async () => { await chain?.anvil.stop() })
  beforeEach(async () => { snapshot = await chain!.testClient.snapshot() })
  afterEach(async () => { if (snapshot !== undefined) await chain!.testClient.revert({ id: snapshot }) })
  return () => {
    if (chain === undefined) throw new Error('the chain is not started yet')
    return chain
  }
}

export async function startTestChain (): Promise<TestChain> {
  const compiled = await compileContracts()
  const anvil = await startAnvil()
  try {
    const { publicClient, testClient } = makeClients(anvil)
    const wallets = new Map<Address, ReturnType<typeof makeWallet>>()
    const wallet = (account: HDAccount): ReturnType<typeof makeWallet> => {
      let client = wallets.get(account.address)
      if (client === undefined) wallets.set(account.address, client = makeWallet(anvil, account))
      return client
    }
    const [seller, payee, promoter, buyer, stranger] = anvil.accounts as [HDAccount, HDAccount, HDAccount, HDAccount, HDAccount]
    const deployer = { walletClient: wallet(seller), publicClient }
    const shop = await deployFileShop(deployer)
    const usdc = await deployTestToken({ ...deployer, name: 'USD Coin', symbol: 'USDC', decimals: 6 })
    const send = async (account: HDAccount, call: ContractCall): Promise<TransactionReceipt> => {
      const hash = await wallet(account).writeContract({ ...call, args: call.args ?? [], chain: anvil.chain, account } as never)
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`${call.functionName} reverted (transaction ${hash})`)
      return receipt
    }
    // Everyone has a million test dollars and has approved the shop.
    const tokenAbi = compiled.MockERC20!.abi
    for (const account of anvil.accounts) {
      await send(seller, { address: usdc, abi: tokenAbi, functionName: 'mint', args: [account.address, 1_000_000_000_000n] })
      await send(account, { address: usdc, abi: tokenAbi, functionName: 'approve', args: [shop, 2n ** 255n] })
    }
    return {
      anvil, publicClient, testClient, accounts: anvil.accounts, seller, payee, promoter, buyer, stranger, shop, usdc, wallet, send,
      deploy: async (name, args = []) => await deployContract(deployer, name, args),
      abiOf: async (name) => {
        const contract = (await compileContracts())[name]
        if (contract === undefined) throw new Error(`no contract ${name}`)
        return contract.abi
      }
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}

export const oneEther = parseEther('1')
