// PC2 → PC2 transfer on loopback, measured against the machine itself: two pc2-ipfs
// processes (src/main.ts, as the unit runs them), `bytes` of random data uploaded to the
// first, then timed: `POST /fetch` on the second, which pulls the DAG as a CAR over HTTP
// from the first's gateway, checks every block against its CID, stores it with fsync and
// pins it. The baseline is a plain TCP copy of as many bytes between two processes on the
// same loopback, in the same call. peakRssMiB is the larger VmHWM of the two services: it
// must stay flat however large `bytes` is (nothing holds a whole DAG in memory).
//
//   node services/ipfs/bench/transfer.ts [MiB]     prints the figures as JSON

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { freePort } from '@pc2/test-support/free-port'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { killOnExit } from '@pc2/test-support/exit-cleanup'

export interface TransferFigures {
  transferMiBs: number
  tcpBaselineMiBs: number
  peakRssMiB: number
}

const mebibyte = 1024 * 1024
const here = import.meta.dirname
const mainScript = join(here, '..', 'src', 'main.ts')
const imageConfig = join(here, '..', '..', '..', 'image.config')

export async function benchTransfer (options: { bytes: number, workDir: string }): Promise<TransferFigures> {
  const { bytes } = options
  const quota = `${Math.ceil((bytes * 2) / mebibyte) + 64}M`
  const sourcePort = await freePort()
  const source = await startService(join(options.workDir, 'transfer-source'), `[ipfs]\nquota = ${quota}\ngatewayPort = ${sourcePort}\n`, {
    PC2_IPFS_GATEWAY_LISTEN: `127.0.0.1:${sourcePort}`
  })
  let target: Service | undefined
  try {
    const cid = await uploadRandom(source.socketPath, bytes)
    const self = (await call(source.socketPath, 'GET', '/peers')).json as { self: { peerId: string, addresses: string[] } }
    target = await startService(join(options.workDir, 'transfer-target'), `[ipfs]\nquota = ${quota}\n`, {
      PC2_IPFS_PEERS: self.self.addresses[0] ?? ''
    })
    const targetSocket = target.socketPath
    await until('the target to see the source as a PC2 peer', async () => {
      const peers = (await call(targetSocket, 'GET', '/peers')).json as { connected: Array<{ peerId: string, pc2: boolean }> }
      return peers.connected.some((peer) => peer.peerId === self.self.peerId && peer.pc2)
    })

    const started = performance.now()
    const fetched = await call(targetSocket, 'POST', '/fetch', { cid })
    const seconds = (performance.now() - started) / 1000
    const answer = fetched.json as { size?: number, from?: { via?: string } }
    if (fetched.status !== 201 || answer.size !== bytes || answer.from?.via !== 'car') {
      throw new Error(`fetch failed: ${fetched.status} ${JSON.stringify(fetched.json)}`)
    }
    const peakRssMiB = Math.max(await peakRss(source.child.pid), await peakRss(target.child.pid))
    return { transferMiBs: bytes / mebibyte / seconds, tcpBaselineMiBs: await tcpBaseline(bytes), peakRssMiB }
  } finally {
    await target?.stop()
    await source.stop()
  }
}

interface Service {
  child: ChildProcess
  socketPath: string
  stop: () => Promise<void>
}

async function startService (root: string, settings: string, env: Record<string, string>): Promise<Service> {
  await mkdir(join(root, 'config'), { recursive: true })
  await mkdir(join(root, 'run'), { recursive: true })
  await writeFile(join(root, 'config', 'pc2.conf'), settings)
  const socketPath = join(root, 'run', 'api.sock')
  const child = spawn(process.execPath, [mainScript], {
    env: {
      ...process.env,
      PC2_IPFS_DIR: join(root, 'ipfs'),
      PC2_RUNTIME_DIR: join(root, 'run'),
      PC2_CONFIG_DIR: join(root, 'config'),
      PC2_IMAGE_CONFIG: imageConfig,
      PC2_IPFS_LIBP2P_LISTEN: '/ip4/127.0.0.1/tcp/0',
      // A benchmark on a shared host sends no multicast: the peer is named instead.
      PC2_IPFS_MDNS: 'off',
      NOTIFY_SOCKET: '',
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  killOnExit(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  try {
    await until('pc2-ipfs to start', async () => {
      if (child.exitCode !== null) throw new Error(`pc2-ipfs exited:\n${output}`)
      return existsSync(socketPath) && await call(socketPath, 'GET', '/health').then((reply) => reply.status === 200, () => false)
    })
  } catch (error) {
    await stop()
    throw error
  }
  return { child, socketPath, stop }
}

/** Uploads `bytes` of random data in one streamed PUT, 16 MiB generated at a time. */
async function uploadRandom (socketPath: string, bytes: number): Promise<string> {
  const { id } = (await call(socketPath, 'POST', '/uploads', { size: bytes })).json as { id: string }
  const put = await new Promise<number>((resolve, reject) => {
    const outgoing = request({ socketPath, method: 'PUT', path: `/uploads/${id}?offset=0`, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes) } }, (response) => {
      response.resume()
      response.on('end', () => { resolve(response.statusCode ?? 0) })
    })
    outgoing.on('error', reject)
    void (async () => {
      for (let sent = 0; sent < bytes;) {
        const piece = randomBytes(Math.min(16 * mebibyte, bytes - sent))
        sent += piece.byteLength
        if (!outgoing.write(piece)) await new Promise((resolve) => outgoing.once('drain', resolve))
      }
      outgoing.end()
    })()
  })
  if (put !== 200) throw new Error(`upload failed: ${put}`)
  const completed = await call(socketPath, 'POST', `/uploads/${id}/complete`)
  return (completed.json as { cid: string }).cid
}

/** A plain TCP copy of `bytes` between two processes on loopback: what the wire allows. */
async function tcpBaseline (bytes: number): Promise<number> {
  const receiver = spawn(process.execPath, ['-e', `
    const server = require('node:net').createServer((socket) => {
      let received = 0
      let started
      socket.on('data', (chunk) => { started ??= performance.now(); received += chunk.length })
      socket.on('end', () => { process.stdout.write('done ' + received + ' ' + (performance.now() - started) + '\\n'); server.close() })
    })
    server.listen(0, '127.0.0.1', () => { process.stdout.write('port ' + server.address().port + '\\n') })
  `], { stdio: ['ignore', 'pipe', 'inherit'] })
  killOnExit(receiver)
  const lines = lineReader(receiver)
  const port = Number((await lines.next()).split(' ')[1])
  const sender = spawn(process.execPath, ['-e', `
    const piece = Buffer.alloc(16 * 1024 * 1024, 7)
    const socket = require('node:net').connect(${port}, '127.0.0.1', async () => {
      for (let sent = 0; sent < ${bytes};) {
        const chunk = piece.subarray(0, Math.min(piece.length, ${bytes} - sent))
        sent += chunk.length
        if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve))
      }
      socket.end()
    })
  `], { stdio: 'inherit' })
  killOnExit(sender)
  const [, received, milliseconds] = (await lines.next()).split(' ')
  sender.kill()
  if (Number(received) !== bytes) throw new Error(`the TCP baseline moved ${received} of ${bytes} bytes`)
  return bytes / mebibyte / (Number(milliseconds) / 1000)
}

function lineReader (child: ChildProcess): { next: () => Promise<string> } {
  let buffered = ''
  const waiting: Array<(line: string) => void> = []
  const lines: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    let newline: number
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      const waiter = waiting.shift()
      if (waiter !== undefined) waiter(line)
      else lines.push(line)
    }
  })
  return { next: async () => lines.shift() ?? await new Promise<string>((resolve) => { waiting.push(resolve) }) }
}

async function peakRss (pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0
  const match = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))
  return match?.[1] === undefined ? 0 : Number(match[1]) / 1024
}

async function call (socketPath: string, method: string, path: string, json?: unknown): Promise<{ status: number, json: unknown }> {
  const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json))
  return await new Promise((resolve, reject) => {
    const outgoing = request({
      socketPath,
      method,
      path,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(body.byteLength) }
    }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => { chunks.push(chunk) })
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: response.statusCode ?? 0, json: text === '' ? undefined : JSON.parse(text) })
      })
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

async function until (what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}


if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const workDir = await mkdtemp(join(tmpdir(), 'pc2-bench-transfer-'))
  try {
    const figures = await benchTransfer({ bytes: Number(process.argv[2] ?? 256) * mebibyte, workDir })
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`)
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}
