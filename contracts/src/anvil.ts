// A throwaway local chain for tests and benchmarks: anvil from npm (@foundry-rs/anvil),
// started on a free loopback port. Its ten well-known development accounts are funded with
// 10 000 ETH each; nothing here ever talks to a real network.

import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createPublicClient, createTestClient, createWalletClient, defineChain, http, type Chain } from 'viem'
import { mnemonicToAccount, type HDAccount } from 'viem/accounts'

const developmentMnemonic = 'test test test test test test test test test test test junk'

export interface AnvilOptions {
  /** Seconds between blocks; omitted = a block per transaction (automine). */
  blockTime?: number
  chainId?: number
  /** Address to listen on; default 127.0.0.1 (a QEMU guest reaches it through guestfwd). */
  host?: string
  /** Default: a free port. */
  port?: number
}

export interface Anvil {
  rpcUrl: string
  chainId: number
  chain: Chain
  /** The ten funded development accounts. */
  accounts: HDAccount[]
  process: ChildProcess
  stop: () => Promise<void>
}

export function anvilBinary (): string {
  const require = createRequire(import.meta.url)
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64'
  return join(dirname(require.resolve(`@foundry-rs/anvil-linux-${arch}/package.json`)), 'bin', 'anvil')
}

export async function startAnvil (options: AnvilOptions = {}): Promise<Anvil> {
  const chainId = options.chainId ?? 31337
  const host = options.host ?? '127.0.0.1'
  const args = ['--host', host, '--port', String(options.port ?? 0), '--chain-id', String(chainId)]
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime))
  // setpriv (util-linux) execs anvil with a parent-death signal: a test or benchmark that is
  // killed, or ends without stopping its chain, takes anvil with it.
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', anvilBinary(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const port = await listeningPort(child)
  const rpcUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const chain = defineChain({
    id: chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } }
  })
  const accounts = Array.from({ length: 10 }, (_, index) => mnemonicToAccount(developmentMnemonic, { addressIndex: index }))
  return {
    rpcUrl,
    chainId,
    chain,
    accounts,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}

/** anvil prints "Listening on <host>:<port>" once it accepts connections. */
async function listeningPort (child: ChildProcess): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => fail(new Error(`anvil did not start within 20 s: ${output.slice(-2000)}`)), 20_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Listening on \S+:(\d+)/.exec(output)
      if (match !== null) {
        cleanUp()
        // Keep draining so a full pipe never blocks anvil.
        child.stdout?.resume()
        child.stderr?.resume()
        resolve(Number(match[1]))
      }
    }
    const onExit = (code: number | null): void => fail(new Error(`anvil exited with ${code}: ${output.slice(-2000)}`))
    const cleanUp = (): void => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
    }
    const fail = (error: Error): void => {
      cleanUp()
      child.kill('SIGKILL')
      reject(error)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
  })
}

/** viem clients for one anvil: public (reads), test (time travel, mining, snapshots), wallet. */
export function anvilClients (anvil: Anvil, account: HDAccount = anvil.accounts[0]!) {
  const transport = http(anvil.rpcUrl)
  return {
    publicClient: createPublicClient({ chain: anvil.chain, transport }),
    testClient: createTestClient({ chain: anvil.chain, transport, mode: 'anvil' }),
    walletClient: createWalletClient({ chain: anvil.chain, transport, account })
  }
}
