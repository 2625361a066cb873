// An EIP-1193 wallet for the page, backed by a real private key (a viem account): the page
// sees `window.ethereum`, every request crosses to Node, and `personal_sign` produces a real
// signature that the node verifies for real. Given a chain (an anvil), it is a whole
// wallet: transactions are signed in Node and sent to that chain, and reads (eth_call,
// receipts, blocks, logs, balances) are passed to its RPC as they are.
import type { BrowserContext } from 'playwright-core'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { createWalletClient, http, isHex, type Chain, type Hex, type LocalAccount } from 'viem'

export interface TestWallet {
  account: LocalAccount
  /** Every JSON-RPC method the page asked for, in order. */
  requests: string[]
  /** Transaction hashes sent with eth_sendTransaction, in order. */
  transactions: Hex[]
  /** The next request for `method` is declined as a person would (EIP-1193 code 4001). */
  rejectNext: (method: string) => void
}

export interface WalletChain {
  /** The chain transactions go to, and whose RPC answers the reads. */
  chain: Chain
  /** The chain the wallet says it is on; default the chain's. It refuses to switch (code 4902). */
  reportedChainId?: number
}

export function newAccount (): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey())
}

/** An error as wallets give them to the page: `code` and `message` (EIP-1193). */
class ProviderError extends Error {
  readonly code: number
  constructor (code: number, message: string) {
    super(message)
    this.code = code
  }
}

type Answer = { result: unknown } | { error: { code: number, message: string } }

export async function injectWallet (context: BrowserContext, account: LocalAccount = newAccount(), options: number | WalletChain = 1): Promise<TestWallet> {
  const chain = typeof options === 'number' ? undefined : options.chain
  const chainId = typeof options === 'number' ? options : options.reportedChainId ?? options.chain.id
  const rpcUrl = chain?.rpcUrls.default.http[0]
  const walletClient = chain === undefined ? undefined : createWalletClient({ account, chain, transport: http(rpcUrl) })
  const rejections = new Set<string>()
  const wallet: TestWallet = { account, requests: [], transactions: [], rejectNext: (method) => { rejections.add(method) } }

  const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
    if (rpcUrl === undefined) throw new ProviderError(4200, `test wallet: unsupported method ${method}`)
    const response = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
    const body = await response.json() as { result?: unknown, error?: { code: number, message: string } }
    if (body.error !== undefined) throw new ProviderError(body.error.code, body.error.message)
    return body.result
  }

  const answer = async (method: string, params: unknown[]): Promise<unknown> => {
    if (rejections.delete(method)) throw new ProviderError(4001, 'User rejected the request.')
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [account.address]
      case 'eth_chainId':
        return `0x${chainId.toString(16)}`
      case 'wallet_switchEthereumChain': {
        const [{ chainId: wanted }] = params as [{ chainId: string }]
        if (Number.parseInt(wanted, 16) === chainId) return null
        throw new ProviderError(4902, `Unrecognized chain ID "${wanted}".`)
      }
      case 'personal_sign': {
        const [message, address] = params as [string, string]
        if (address.toLowerCase() !== account.address.toLowerCase()) throw new Error(`personal_sign for unknown address ${address}`)
        if (account.signMessage === undefined) throw new Error('this account cannot sign messages')
        return await account.signMessage({ message: isHex(message) ? { raw: message as Hex } : message })
      }
      case 'eth_sendTransaction': {
        if (walletClient === undefined) throw new ProviderError(4200, 'test wallet: no chain to send to')
        const [request] = params as [{ from: string, to: Hex, data?: Hex, value?: Hex }]
        if (request.from.toLowerCase() !== account.address.toLowerCase()) throw new ProviderError(4100, `eth_sendTransaction from unknown address ${request.from}`)
        if (chainId !== chain?.id) throw new ProviderError(-32000, `the wallet is on chain ${chainId}`)
        try {
          const hash = await walletClient.sendTransaction({
            account, chain, to: request.to, ...(request.data === undefined ? {} : { data: request.data }), ...(request.value === undefined ? {} : { value: BigInt(request.value) })
          })
          wallet.transactions.push(hash)
          return hash
        } catch (error) {
          // As MetaMask words it: the page recognises it by the words.
          const text = (error as Error).message
          throw new ProviderError(-32000, /insufficient funds|exceeds the balance/i.test(text) ? `insufficient funds for gas * price + value: ${text.split('\n')[0]}` : text.split('\n')[0] ?? text)
        }
      }
      default:
        return await rpc(method, params)
    }
  }

  await context.exposeBinding('__pc2TestWallet', async (_source, method: string, params: unknown[]): Promise<Answer> => {
    wallet.requests.push(method)
    try {
      return { result: await answer(method, params) }
    } catch (error) {
      return { error: { code: error instanceof ProviderError ? error.code : -32603, message: (error as Error).message } }
    }
  })
  await context.addInitScript(() => {
    const call = (window as any).__pc2TestWallet as (method: string, params: unknown[]) => Promise<{ result?: unknown, error?: { code: number, message: string } }>
    ;(window as any).ethereum = {
      isMetaMask: false,
      request: async ({ method, params }: { method: string, params?: unknown[] }) => {
        const reply = await call(method, params ?? [])
        if (reply.error !== undefined) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
        return reply.result
      },
      on: () => {},
      removeListener: () => {}
    }
  })
  return wallet
}
