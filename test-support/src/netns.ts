// A throwaway network for pc2-egress tests, made of Linux namespaces (root needed): "node"
// (network + mount namespace: its own nftables, cgroup2 mounted on /sys/fs/cgroup, address
// 10.9.0.1, default route to the peer) and "peer" (10.9.0.2, the rest of the world), joined
// by a veth pair. Units are cgroups under a slice of their own, <slice>/<unit>.service, so
// programs can be started "inside" pc2-shop's cgroup the way systemd would. Nothing touches
// the machine's real interfaces or its firewall.

import { execFileSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { onExit, spawnOwned } from './exit-cleanup.ts'

export interface ProbeAttempt { protocol: 'tcp' | 'udp', host: string, port: number }
export interface ProbeResult { ok: boolean, code: string, ms: number }

export const nodeAddress = '10.9.0.1'
export const peerAddress = '10.9.0.2'
/** The program that makes connection attempts and reports them (the QEMU tier runs it in the guest too). */
export const probeScript = join(import.meta.dirname, 'netns-probe.mjs')
const peerScript = join(import.meta.dirname, 'netns-peer.mjs')

export interface TestNetwork {
  /** The cgroup slice (relative to the cgroup2 root) the test's units live in. */
  slice: string
  /** Runs a command in the node's namespaces; returns stdout. */
  inNode (command: string[], input?: string): string
  /** Spawns a long-running process in the node's namespaces. */
  spawnInNode (command: string[], env: NodeJS.ProcessEnv): ChildProcess
  /** Connection attempts from a process in `unit`'s cgroup (undefined: a stranger, in no unit). */
  probe (unit: string | undefined, attempts: ProbeAttempt[]): ProbeResult[]
  /** Connection attempts from the peer to the node. */
  probeFromPeer (attempts: ProbeAttempt[]): ProbeResult[]
  dispose (): Promise<void>
}

async function holdNamespace (args: string[]): Promise<ChildProcess> {
  const holder = spawnOwned('unshare', [...args, '--', 'sleep', '3600'], { stdio: 'ignore' })
  const own = readlinkSync('/proc/self/ns/net')
  for (let i = 0; i < 200; i++) {
    try {
      if (readlinkSync(`/proc/${holder.pid}/ns/net`) !== own) return holder
    } catch {}
    await sleep(10)
  }
  holder.kill()
  throw new Error(`unshare ${args.join(' ')} did not make a namespace`)
}

export async function createTestNetwork (units: string[], peerPorts: string[]): Promise<TestNetwork> {
  const slice = `pc2-egress-test-${process.pid}`
  const node = await holdNamespace(['-n', '-m', '--propagation', 'private'])
  const peer = await holdNamespace(['-n'])
  const enterNode = ['nsenter', '-t', String(node.pid), '-n', '-m', '--']
  const enterPeer = ['nsenter', '-t', String(peer.pid), '-n', '--']
  const run = (argv: string[], input?: string): string => execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', ...(input === undefined ? {} : { input }), stdio: ['pipe', 'pipe', 'pipe'] })
  const script = [
    'set -e',
    'mount -t cgroup2 none /sys/fs/cgroup',
    ...units.map((unit) => `mkdir -p /sys/fs/cgroup/${slice}/${unit}.service`),
    'ip link set lo up',
    `ip link add v0 type veth peer name v1 netns ${peer.pid}`,
    `ip addr add ${nodeAddress}/24 dev v0`,
    'ip link set v0 up',
    `ip route add default via ${peerAddress}`
  ].join('\n')
  run([...enterNode, 'sh', '-c', script])
  run([...enterPeer, 'sh', '-c', `set -e; ip link set lo up; ip addr add ${peerAddress}/24 dev v1; ip link set v1 up`])
  const peerServer = spawnOwned(enterPeer[0]!, [...enterPeer.slice(1), process.execPath, peerScript, peerAddress, ...peerPorts], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    peerServer.stdout!.once('data', () => { resolve() })
    peerServer.once('exit', (code) => { reject(new Error(`the peer's servers exited (${code})`)) })
  })
  const children: ChildProcess[] = [peerServer]

  // Synchronous, so that it runs on every way out of the test (exit-cleanup.ts).
  const teardown = (): void => {
    for (const child of children) child.kill('SIGKILL')
    // Whatever still runs in the node's namespace (a service's tcpdump) goes too.
    const nodeNet = readlinkSync(`/proc/${node.pid}/ns/net`)
    const inNamespace: number[] = []
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name) && name !== String(node.pid))) {
      try { if (readlinkSync(`/proc/${pid}/ns/net`) === nodeNet) { process.kill(Number(pid), 'SIGKILL'); inNamespace.push(Number(pid)) } } catch {}
    }
    for (let waited = 0; waited < 2000 && !inNamespace.every(ended); waited += 20) pause(20)
    // The cgroups are real ones on the host's cgroup2 hierarchy: remove them once empty.
    try { run([...enterNode, 'sh', '-c', `find /sys/fs/cgroup/${slice} -depth -type d -exec rmdir {} +`]) } catch {}
    node.kill('SIGKILL')
    peer.kill('SIGKILL')
    for (const unit of units) { try { rmdirSync(`/sys/fs/cgroup/unified/${slice}/${unit}.service`) } catch {} }
    for (const unit of units.filter((name) => name.includes('/'))) { try { rmdirSync(`/sys/fs/cgroup/unified/${slice}/${unit.slice(0, unit.lastIndexOf('/'))}`) } catch {} }
    try { rmdirSync(`/sys/fs/cgroup/unified/${slice}`) } catch {}
  }
  const forgetTeardown = onExit(teardown)

  return {
    slice,
    inNode: (command, input) => run([...enterNode, ...command], input),
    spawnInNode (command, env) {
      const child = spawnOwned(enterNode[0]!, [...enterNode.slice(1), ...command], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      return child
    },
    probe (unit, attempts) {
      const join = unit === undefined ? '' : `echo $$ > /sys/fs/cgroup/${slice}/${unit}.service/cgroup.procs && `
      return JSON.parse(run([...enterNode, 'sh', '-c', `${join}exec "$0" "$1" "$2"`, process.execPath, probeScript, JSON.stringify(attempts)])) as ProbeResult[]
    },
    probeFromPeer (attempts) {
      return JSON.parse(run([...enterPeer, process.execPath, probeScript, JSON.stringify(attempts)])) as ProbeResult[]
    },
    async dispose () {
      teardown()
      forgetTeardown()
    }
  }
}

/**
 * Whether a killed process has left its cgroup: gone, or a zombie (it left at its exit; our
 * own children are reaped only when the event loop runs again).
 */
function ended (pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))
  } catch {
    return true
  }
}

/** Sleeps without giving up the thread: a teardown also runs while the process exits. */
function pause (milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds)
}

export interface Answer { status: number, json: any }

/** One HTTP call to a service's Unix socket, with a JSON body and a JSON answer. */
export async function callSocket (socketPath: string, method: string, path: string, body?: unknown): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body)
    const outgoing = request({ socketPath, method, path, agent: false, headers: text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } }, (incoming) => {
      let data = ''
      incoming.on('data', (chunk) => { data += chunk })
      incoming.on('end', () => { resolve({ status: incoming.statusCode ?? 0, json: data === '' ? undefined : JSON.parse(data) }) })
    })
    outgoing.on('error', reject)
    outgoing.end(text)
  })
}

export interface EgressInNamespace {
  process: ChildProcess
  socket: string
  /** What the service wrote to stdout and stderr so far. */
  log (): string
}

/**
 * Starts services/egress/src/main.ts in the node's namespaces with its state, settings and
 * socket under `directory` (config/pc2.conf must be there), and waits for its socket.
 */
export async function startEgress (network: TestNetwork, directory: string): Promise<EgressInNamespace> {
  const repo = join(import.meta.dirname, '..', '..')
  mkdirSync(join(directory, 'run'), { recursive: true })
  const child = network.spawnInNode([process.execPath, join(repo, 'services', 'egress', 'src', 'main.ts')], {
    ...process.env,
    PC2_IMAGE_CONFIG: join(repo, 'image.config'),
    PC2_CONFIG_DIR: join(directory, 'config'),
    PC2_EGRESS_DIR: join(directory, 'state'),
    PC2_RUNTIME_DIR: join(directory, 'run'),
    PC2_EGRESS_RESOLV_CONF: join(directory, 'resolv.conf'),
    PC2_EGRESS_CGROUP_SLICE: network.slice,
    // App runs' cgroups, one level deeper than the services' (as in pc2-app-runs.slice).
    PC2_EGRESS_APP_SLICE: `${network.slice}/runs.slice`
  })
  let log = ''
  child.stdout!.on('data', (chunk) => { log += chunk })
  child.stderr!.on('data', (chunk) => { log += chunk })
  const socket = join(directory, 'run', 'api.sock')
  const until = Date.now() + 15_000
  while (Date.now() < until) {
    try {
      if ((await callSocket(socket, 'GET', '/health')).status === 200) return { process: child, socket, log: () => log }
    } catch {}
    if (child.exitCode !== null) break
    await sleep(100)
  }
  child.kill()
  throw new Error(`pc2-egress did not start; it said:\n${log}`)
}
