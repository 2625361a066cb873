// Running nft: checking a ruleset without touching the kernel (`nft -c`), applying one as a
// single transaction (all of it or none of it), and reading the table back. nft's own error
// text is kept: it names the line and the token it refused.

import { spawn } from 'node:child_process'
import type { AbortOptions } from '@pc2/core'
import { RulesetRefusedError, UnavailableError } from '@pc2/core'

export interface Nft {
  /** Throws RulesetRefusedError when nft would refuse `ruleset`; changes nothing. */
  check (ruleset: string, options?: AbortOptions): Promise<void>
  /** Applies `ruleset` atomically; on refusal throws RulesetRefusedError and the old rules stay. */
  apply (ruleset: string, options?: AbortOptions): Promise<void>
  /** `nft list table <family> <name>`, as nft prints it. */
  list (family: string, table: string, options?: AbortOptions): Promise<string>
}

export interface NftInit {
  /** The nft binary (default /usr/sbin/nft). */
  command?: string
  /** Put in front of the command, e.g. ['nsenter', '--net=/proc/123/ns/net'] in tests. */
  prefix?: string[]
}

export function createNft (init: NftInit = {}): Nft {
  const command = init.command ?? '/usr/sbin/nft'
  const run = async (args: string[], input: string | undefined, options: AbortOptions): Promise<string> => {
    const argv = [...(init.prefix ?? []), command, ...args]
    return await new Promise((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], ...(options.signal === undefined ? {} : { signal: options.signal }) })
      const out: Buffer[] = []
      const err: Buffer[] = []
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
      child.on('error', (error) => { reject(new UnavailableError(`cannot run ${command}: ${error.message}`, { cause: error })) })
      child.on('close', (code) => {
        const stderr = Buffer.concat(err).toString('utf8').trim()
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'))
        else reject(new RulesetRefusedError(`nftables refused the ruleset; the previous rules stay in force: ${firstLine(stderr)}`, { details: { nft: stderr.split('\n').slice(0, 30) } }))
      })
      child.stdin.end(input ?? '')
    })
  }
  return {
    async check (ruleset, options = {}) { await run(['-c', '-f', '-'], ruleset, options) },
    async apply (ruleset, options = {}) { await run(['-f', '-'], ruleset, options) },
    async list (family, table, options = {}) { return await run(['list', 'table', family, table], undefined, options) }
  }
}

function firstLine (text: string): string {
  return text.split('\n').find((line) => line.startsWith('Error:') || line.includes('Error:')) ?? (text.split('\n')[0] ?? 'no reason given')
}
