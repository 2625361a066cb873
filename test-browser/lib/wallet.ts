// An EIP-1193 wallet for the page, backed by a real private key (a viem account): the page
// sees `window.ethereum`, every request crosses to Node, and `personal_sign` produces a real
// signature that the node verifies for real.
import type { BrowserContext } from 'playwright-core'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { isHex, type Hex } from 'viem'

export interface TestWallet {
  account: PrivateKeyAccount
  /** Every JSON-RPC method the page asked for, in order. */
  requests: string[]
}

export function newAccount (): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey())
}

export async function injectWallet (context: BrowserContext, account = newAccount(), chainId = 1): Promise<TestWallet> {
  const wallet: TestWallet = { account, requests: [] }
  await context.exposeBinding('__pc2TestWallet', async (_source, method: string, params: unknown[]) => {
    wallet.requests.push(method)
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [account.address]
      case 'eth_chainId':
        return `0x${chainId.toString(16)}`
      case 'personal_sign': {
        const [message, address] = params as [string, string]
        if (address.toLowerCase() !== account.address.toLowerCase()) throw new Error(`personal_sign for unknown address ${address}`)
        return await account.signMessage({ message: isHex(message) ? { raw: message as Hex } : message })
      }
      default:
        throw new Error(`test wallet: unsupported method ${method}`)
    }
  })
  await context.addInitScript(() => {
    const call = (window as any).__pc2TestWallet as (method: string, params: unknown[]) => Promise<unknown>
    ;(window as any).ethereum = {
      isMetaMask: false,
      request: async ({ method, params }: { method: string, params?: unknown[] }) => await call(method, params ?? []),
      on: () => {},
      removeListener: () => {}
    }
  })
  return wallet
}
