// Figures of pc2-egress on the host (`npm run bench -- --only egress`), with the real service,
// nftables and NFLOG in a throwaway network namespace (@pc2/test-support/netns):
//   egress_attempts   connection attempts made where not allowed: 200 from each PC2 unit's
//                     cgroup and 200 from a stranger
//   egress_escapes    how many of them got through (goal 0)
//   egress_refusal_ms p50 time for a refused attempt to fail in the program; baseline: a
//                     connection to a closed port on the same peer (the peer's own reset)
// The appliance's own figures (max_unit_exposure, reproducible) come from the image build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { callSocket, createTestNetwork, peerAddress, startEgress } from '@pc2/test-support/netns'
import type { ProbeAttempt } from '@pc2/test-support/netns'
import type { Figure } from './figure.ts'

const units = ['pc2-shop', 'pc2-ipfs', 'pc2-vault', 'pc2-admin']

const p50 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function benchEgress (): Promise<Record<string, Figure>> {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-bench-egress-'))
  mkdirSync(join(directory, 'config'))
  writeFileSync(join(directory, 'config', 'pc2.conf'), `[shop]\nrpcUrl = http://${peerAddress}:8545\n[egress]\nntpServers =\n`)
  writeFileSync(join(directory, 'resolv.conf'), `nameserver ${peerAddress}\n`)
  const network = await createTestNetwork(units, ['tcp:8545'])
  const service = await startEgress(network, directory)
  try {
    const forbidden = (index: number): ProbeAttempt => (index % 2 === 0
      ? { protocol: 'tcp', host: peerAddress, port: 9000 + index }
      : { protocol: 'udp', host: `198.51.100.${1 + (index % 200)}`, port: 53 })
    let attempts = 0
    let escapes = 0
    const refusals: number[] = []
    for (const unit of [...units, undefined]) {
      const tries = Array.from({ length: 200 }, (_, index) => forbidden(unit === 'pc2-ipfs' ? 2 * index + 1 : index))
      const results = network.probe(unit, tries)
      attempts += results.length
      escapes += results.filter((result) => result.ok || !['EHOSTUNREACH', 'EPERM', 'EACCES'].includes(result.code)).length
      refusals.push(...results.filter((_, index) => tries[index]!.protocol === 'tcp').map((result) => result.ms))
    }
    // The baseline: the shop's own allowed peer, at a port nothing listens on (its TCP resets).
    await callSocket(service.socket, 'POST', '/units/pc2-shop/destinations', { host: peerAddress, port: '9000-9999' })
    const closed = network.probe('pc2-shop', Array.from({ length: 200 }, (_, index) => ({ protocol: 'tcp' as const, host: peerAddress, port: 9000 + index })))
    const refused = p50(refusals)
    const reset = p50(closed.filter((result) => result.code === 'ECONNREFUSED').map((result) => result.ms))
    await sleep(500)
    return {
      egress_attempts: { value: attempts, unit: 'attempts' },
      egress_escapes: { value: escapes, unit: 'attempts' },
      egress_refusal_ms: { value: refused, unit: 'ms', baseline: reset, ratio: Number((refused / reset).toFixed(2)) }
    }
  } finally {
    service.process.kill('SIGTERM')
    await network.dispose()
    rmSync(directory, { recursive: true, force: true })
  }
}
