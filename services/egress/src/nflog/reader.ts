// Listening to an NFLOG group: tcpdump (which speaks the nfnetlink log protocol, needing
// CAP_NET_ADMIN like pc2-egress) writes the packets as a pcap stream, and pcap.ts reads it.
// No -s: a short snapshot length makes the kernel drop most of a burst of NFLOG messages.
// If tcpdump dies it is started again after a pause; the refusals go on meanwhile, only
// their record has a gap, which the log says.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { Logger } from '@pc2/core'
import { createPcapReader } from './pcap.ts'
import type { RefusedPacket } from './pcap.ts'

export interface NflogReaderInit {
  group: number
  onPacket: (packet: RefusedPacket) => void
  logger: Logger
  /** The tcpdump binary (default /usr/bin/tcpdump). */
  command?: string
  /** Put in front of the command, e.g. nsenter into a test's network namespace. */
  prefix?: string[]
  restartMs?: number
}

export interface NflogReader {
  /** Resolves once tcpdump listens on the group. */
  start (): Promise<void>
  stop (): Promise<void>
}

export function nflogReader (init: NflogReaderInit): NflogReader {
  let child: ChildProcess | undefined
  let stopped = false
  let restart: NodeJS.Timeout | undefined

  const launch = async (): Promise<void> => {
    const argv = [...(init.prefix ?? []), init.command ?? '/usr/bin/tcpdump', '-i', `nflog:${init.group}`, '-U', '-w', '-', '--immediate-mode']
    const process = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    child = process
    const read = createPcapReader(init.onPacket)
    process.stdout!.on('data', (chunk: Buffer) => {
      try {
        read(chunk)
      } catch (error) {
        init.logger.error('cannot read what tcpdump wrote', { error })
        process.kill()
      }
    })
    let stderr = ''
    await new Promise<void>((resolve, reject) => {
      process.stderr!.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-2000)
        if (stderr.includes('listening on')) resolve()
      })
      process.on('error', reject)
      process.on('exit', (code, signal) => {
        reject(new Error(`tcpdump ended (${signal ?? code}): ${stderr.trim()}`))
        if (stopped) return
        init.logger.warning('the NFLOG reader ended; refusals go unrecorded until it is back', { code, signal, stderr: stderr.trim().slice(-300) })
        restart = setTimeout(() => { launch().catch((error: unknown) => { init.logger.error('cannot restart the NFLOG reader', { error }) }) }, init.restartMs ?? 2000)
      })
    })
  }

  return {
    async start () { await launch() },
    async stop () {
      stopped = true
      clearTimeout(restart)
      const running = child
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
      await new Promise<void>((resolve) => {
        running.once('exit', () => { resolve() })
        running.kill('SIGTERM')
      })
    }
  }
}
