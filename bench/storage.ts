// The storage figures of `npm run bench`, measured on the host in one run with their
// baselines:
//   encrypt_add_mib_s  `pc2 upload` of a 256 MiB file into a host node (encrypt with
//                      sodium-native, stream to pc2-admin, pc2-ipfs stores and fsyncs the
//                      blocks, builds the DAG, pins); baseline: sha256sum of the same file
//   transfer_mib_s     pc2-ipfs → pc2-ipfs fetch of 256 MiB (CAR over HTTP, every block
//                      verified); baseline: a raw TCP copy of as many bytes on loopback
//   peak_rss_mib       the highest resident memory (VmHWM) of a pc2-ipfs process in either
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { claimStack, startStack } from '@pc2/test-support/stack'
import { benchTransfer } from '../services/ipfs/bench/transfer.ts'
import { round } from './figure.ts'
import type { Figure } from './figure.ts'

const run = promisify(execFile)
const mebibyte = 1024 * 1024

export function peakRssMiB (pid: number | undefined): number {
  if (pid === undefined) return 0
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match?.[1] === undefined ? 0 : Number(match[1]) / 1024
}

export async function benchStorage (bytes = 256 * mebibyte): Promise<Record<string, Figure>> {
  const workDir = mkdtempSync(join(tmpdir(), 'pc2-bench-storage-'))
  try {
    const file = join(workDir, 'bench.bin')
    const piece = randomBytes(16 * mebibyte)
    writeFileSync(file, '')
    for (let written = 0; written < bytes; written += piece.length) writeFileSync(file, piece.subarray(0, Math.min(piece.length, bytes - written)), { flag: 'a' })
    spawnSync('sha256sum', [file]) // warm the page cache for both sides alike
    const hashStarted = performance.now()
    const hashed = spawnSync('sha256sum', [file])
    if (hashed.status !== 0) throw new Error('sha256sum failed')
    const sha256MiBs = bytes / mebibyte / ((performance.now() - hashStarted) / 1000)

    const stack = await startStack({ quotaBytes: 4 * bytes })
    let addMiBs: number
    let addRss: number
    try {
      const owner = await claimStack(stack)
      const cli = join(import.meta.dirname, '..', 'services', 'cli', 'src', 'main.ts')
      const started = performance.now()
      await run(process.execPath, [cli, 'upload', file, '--node', stack.origin], { env: { ...process.env, PC2_OWNER_KEY: owner.privateKey }, maxBuffer: 16 * mebibyte })
      addMiBs = bytes / mebibyte / ((performance.now() - started) / 1000)
      addRss = peakRssMiB(stack.pid('ipfs'))
    } finally {
      await stack.stop()
    }
    const transfer = await benchTransfer({ bytes, workDir })
    return {
      encrypt_add_mib_s: { value: round(addMiBs), unit: 'MiB/s', baseline: round(sha256MiBs), ratio: round(addMiBs / sha256MiBs, 2) },
      transfer_mib_s: { value: round(transfer.transferMiBs), unit: 'MiB/s', baseline: round(transfer.tcpBaselineMiBs), ratio: round(transfer.transferMiBs / transfer.tcpBaselineMiBs, 3) },
      peak_rss_mib: { value: round(Math.max(addRss, transfer.peakRssMiB)), unit: 'MiB' }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}
