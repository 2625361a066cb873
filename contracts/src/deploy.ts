// Deploys FileShop (and, for tests and local chains, a mintable ERC-20) and waits for the receipt.

import { getAddress, type Abi, type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from 'viem'
import { compileContracts } from './compile.ts'

export interface DeployClients {
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
}

export interface TestTokenOptions extends DeployClients {
  name: string
  symbol: string
  decimals: number
}

/** Deploys a fresh FileShop; returns its address. */
export async function deployFileShop ({ walletClient, publicClient }: DeployClients): Promise<Address> {
  return await deployContract({ walletClient, publicClient }, 'FileShop', [])
}

/** Deploys a MockERC20 (anyone may `mint(to, amount)`); returns its address. */
export async function deployTestToken ({ walletClient, publicClient, name, symbol, decimals }: TestTokenOptions): Promise<Address> {
  return await deployContract({ walletClient, publicClient }, 'MockERC20', [name, symbol, decimals])
}

/** Deploys any compiled contract (including the test helpers) by name; returns its checksummed address. */
export async function deployContract ({ walletClient, publicClient }: DeployClients, name: string, args: readonly unknown[]): Promise<Address> {
  const contract = (await compileContracts())[name]
  if (contract === undefined) throw new Error(`no compiled contract named ${name}`)
  const hash: Hex = await walletClient.deployContract({
    abi: contract.abi as Abi,
    bytecode: contract.bytecode,
    args,
    account: walletClient.account,
    chain: walletClient.chain
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || receipt.contractAddress == null) {
    throw new Error(`deploying ${name} failed (transaction ${hash})`)
  }
  return getAddress(receipt.contractAddress)
}
