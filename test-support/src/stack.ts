// A whole PC2 node on the host, for tests and benchmarks: pc2-vault, pc2-ipfs, pc2-shop, pc2-apps
// and pc2-admin run from source with the project's Node, each with its state in one temporary directory,
// talking over Unix sockets as in the image; pc2-admin on a free loopback port, libp2p on
// loopback only. No systemd: readiness is the service's health route answering.

import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { PrivateKeyAccount } from 'viem/accounts'
import { spawnOwned } from './exit-cleanup.ts'
import { freePort } from './free-port.ts'
import { createTestNetwork, peerAddress, startEgress } from './netns.ts'
import type { EgressInNamespace, TestNetwork } from './netns.ts'
import { signInAt } from './owner.ts'
import type { OwnerSession } from './owner.ts'

const ROOT = join(import.meta.dirname, '..', '..')
/** The host has no journald: a journalctl that prints journal JSON stands in for it. */
export const journalctlFixture = join(import.meta.dirname, '..', 'fixtures', 'journalctl')
export type StackService = 'admin' | 'apps' | 'ipfs' | 'shop' | 'vault'

export interface Stack {
  origin: string
  dataDir: string
  /** Where pc2-ipfs, pc2-shop, pc2-apps and pc2-vault listen. */
  sockets: Record<'apps' | 'ipfs' | 'shop' | 'vault', string>
  /** Everything a service logged, for failure reports. */
  output: (service: StackService) => string
  /** The service's process id while it runs (benchmarks read its memory). */
  pid: (service: StackService) => number | undefined
  stop: () => Promise<void>
  kill: (service: StackService, signal?: NodeJS.Signals) => Promise<void>
  /** Stops the service (SIGTERM) and starts it again, with `extraEnv` added to its environment. */
  restart: (service: StackService, extraEnv?: Record<string, string>) => Promise<void>
  /** Resolves when the service's process has ended (by itself, e.g. a test crash hook). */
  exited: (service: StackService) => Promise<void>
  /** With `egress: true`: pc2-egress's network namespace, to make connection attempts in. */
  egress?: TestNetwork
}

export interface StackOptions {
  /** pc2-ipfs's quota in bytes (setting ipfs.quota). */
  quotaBytes?: number
  /** The built web UI; default out/bundles/web-ui. */
  webUiDir?: string
  /** Turns selling on: the chain (e.g. an anvil from @pc2/contracts) and the FileShop address. */
  shop?: { rpcUrl: string, contract: string, confirmations?: number, pollInterval?: number }
  /**
   * Runs pc2-egress too, in a network namespace of its own (root needed), so its rules never
   * touch this machine's firewall; pc2-admin reaches it through its socket as on the node.
   */
  egress?: boolean
  /** Other nodes' libp2p multiaddrs (with /p2p/<peerId>) pc2-ipfs dials, as mDNS would find them on a LAN. */
  peers?: string[]
  signal?: AbortSignal
}

interface Running { child: ChildProcess, exited: Promise<void>, stopping: boolean }

export async function startStack (options: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pc2-stack-'))
  const dir = (name: string): string => { const path = join(dataDir, name); mkdirSync(path, { recursive: true }); return path }
  const port = await freePort()
  const config = dir('config')
  writeFileSync(join(config, 'pc2.conf'), [
    '[admin]', 'listen = 127.0.0.1', `port = ${port}`,
    ...(options.quotaBytes === undefined ? [] : ['[ipfs]', `quota = ${options.quotaBytes}`]),
    ...(options.shop === undefined
      ? []
      : ['[shop]', `rpcUrl = ${options.shop.rpcUrl}`, `contract = ${options.shop.contract}`,
          `confirmations = ${options.shop.confirmations ?? 0}`, `pollInterval = ${options.shop.pollInterval ?? 200}`]),
    ''
  ].join('\n'))
  const sockets = {
    ipfs: join(dir('run/ipfs'), 'api.sock'),
    shop: join(dir('run/shop'), 'api.sock'),
    apps: join(dir('run/apps'), 'api.sock'),
    vault: join(dir('run/vault'), 'api.sock')
  }
  const common = { PC2_IMAGE_CONFIG: join(ROOT, 'image.config'), PC2_CONFIG_DIR: config, NOTIFY_SOCKET: '' }
  const environments: Record<StackService, Record<string, string>> = {
    vault: { ...common, PC2_VAULT_DIR: dir('vault'), PC2_RUNTIME_DIR: join(dataDir, 'run/vault') },
    ipfs: { ...common, PC2_IPFS_DIR: dir('ipfs'), PC2_RUNTIME_DIR: join(dataDir, 'run/ipfs'), PC2_IPFS_LIBP2P_LISTEN: '/ip4/127.0.0.1/tcp/0', PC2_IPFS_MDNS: 'off', ...(options.peers === undefined ? {} : { PC2_IPFS_PEERS: options.peers.join(',') }) },
    shop: { ...common, PC2_SHOP_DIR: dir('shop'), PC2_RUNTIME_DIR: join(dataDir, 'run/shop'), PC2_VAULT_SOCKET: sockets.vault },
    apps: { ...common, PC2_APPS_DIR: dir('apps'), PC2_RUNTIME_DIR: join(dataDir, 'run/apps'), PC2_IPFS_SOCKET: sockets.ipfs },
    admin: {
      ...common,
      PC2_DATA_DIR: dataDir,
      PC2_ADMIN_STATE_DIR: dir('admin'),
      PC2_RUNTIME_DIR: dir('run/admin'),
      PC2_WEB_UI_DIR: options.webUiDir ?? join(ROOT, 'out', 'bundles', 'web-ui'),
      PC2_JOURNALCTL: journalctlFixture,
      PC2_IPFS_SOCKET: sockets.ipfs,
      PC2_VAULT_SOCKET: sockets.vault,
      PC2_SHOP_SOCKET: sockets.shop,
      PC2_APPS_SOCKET: sockets.apps
    }
  }
  let egress: { network: TestNetwork, service: EgressInNamespace } | undefined
  if (options.egress === true) {
    const network = await createTestNetwork(['pc2-shop', 'pc2-ipfs', 'pc2-vault', 'pc2-admin'], ['tcp:8545'])
    const directory = dir('egress-ns')
    symlinkSync(config, join(directory, 'config'))
    writeFileSync(join(directory, 'resolv.conf'), `nameserver ${peerAddress}\n`)
    try {
      egress = { network, service: await startEgress(network, directory) }
    } catch (error) {
      await network.dispose()
      throw error
    }
    environments.admin.PC2_EGRESS_SOCKET = egress.service.socket
  }
  const origin = `http://127.0.0.1:${port}`
  const running = new Map<StackService, Running>()
  const logs = new Map<StackService, string>()

  const launch = async (service: StackService, extraEnv: Record<string, string> = {}): Promise<void> => {
    const child = spawnOwned(process.execPath, [join(ROOT, 'services', service, 'src', 'main.ts')], {
      env: { ...process.env, ...environments[service], ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const entry: Running = {
      child,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          // An exit nobody asked for is the cause of whatever fails next: say so at once, with the log.
          if (running.get(service) === entry && !entry.stopping) {
            process.stderr.write(`pc2-${service} exited by itself (${signal ?? `code ${code}`}); its log:\n${logs.get(service) ?? ''}\n`)
          }
          resolve()
        })
      }),
      stopping: false
    }
    const record = (chunk: Buffer): void => { logs.set(service, (logs.get(service) ?? '') + chunk.toString()) }
    child.stdout!.on('data', record)
    child.stderr!.on('data', record)
    running.set(service, entry)
    await waitReady(service, child)
  }

  const waitReady = async (service: StackService, child: ChildProcess): Promise<void> => {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline) {
      options.signal?.throwIfAborted()
      if (child.exitCode !== null || child.signalCode !== null) break
      if (await healthy(service)) return
      await sleep(100)
    }
    throw new Error(`pc2-${service} did not become ready:\n${logs.get(service) ?? ''}`)
  }

  const healthy = async (service: StackService): Promise<boolean> => {
    if (service === 'admin') {
      try { return (await fetch(`${origin}/api/health`)).ok } catch { return false }
    }
    return existsSync(sockets[service]) && await socketHealthy(sockets[service])
  }

  const kill = async (service: StackService, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const entry = running.get(service)
    if (entry === undefined) return
    entry.stopping = true
    entry.child.kill(signal)
    await entry.exited
    running.delete(service)
  }

  const stack: Stack = {
    origin,
    dataDir,
    sockets,
    output: (service) => logs.get(service) ?? '',
    pid: (service) => running.get(service)?.child.pid,
    kill,
    restart: async (service, extraEnv) => {
      await kill(service, 'SIGTERM')
      await launch(service, extraEnv)
    },
    exited: async (service) => { await running.get(service)?.exited },
    ...(egress === undefined ? {} : { egress: egress.network }),
    stop: async () => {
      for (const service of ['admin', 'apps', 'shop', 'ipfs', 'vault'] as const) await kill(service, 'SIGTERM')
      egress?.service.process.kill('SIGTERM')
      await egress?.network.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  try {
    await launch('vault')
    await launch('ipfs')
    await launch('shop')
    await launch('apps')
    await launch('admin')
  } catch (error) {
    await stack.stop()
    throw error
  }
  return stack
}

async function socketHealthy (socketPath: string): Promise<boolean> {
  return await new Promise((resolve) => {
    const call = request({ socketPath, path: '/health', method: 'GET', timeout: 2000 }, (response) => {
      response.resume()
      resolve(response.statusCode === 200)
    })
    call.on('error', () => { resolve(false) })
    call.on('timeout', () => { call.destroy(); resolve(false) })
    call.end()
  })
}

export interface StackOwner extends OwnerSession {
  account: PrivateKeyAccount
  privateKey: `0x${string}`
}

/** Claims the stack's node with a new key, as a person would with the console's code. */
export async function claimStack (stack: Stack): Promise<StackOwner> {
  const privateKey = generatePrivateKey()
  const account = privateKeyToAccount(privateKey)
  const code = readFileSync(join(stack.dataDir, 'run', 'admin', 'claim-code'), 'utf8').trim()
  const session = await signInAt(stack.origin, account, '/api/claim', { code })
  return { ...session, account, privateKey }
}

/** Headers for an owner's state-changing call. */
export function ownerHeaders (owner: OwnerSession, origin: string): Record<string, string> {
  return { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, origin }
}
