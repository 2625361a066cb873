// Runs the real pc2-admin bundle on the host, on a free loopback port, with its state in a
// temporary directory and the web UI from out/bundles/web-ui. The host has no journald, so
// journalctl is a fixture that prints journal JSON (the QEMU smoke test uses the real one).
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { spawnOwned } from '@pc2/test-support/exit-cleanup'
import { freePort } from '@pc2/test-support/free-port'
import { journalctlFixture } from '@pc2/test-support/stack'

const ROOT = join(import.meta.dirname, '..', '..')

export interface HostNode {
  url: string
  directory: string
  claimCode: () => string
  /** Everything the service logged, for assertions and failure reports. */
  output: () => string
  stop: () => Promise<void>
}

export async function startHostNode (): Promise<HostNode> {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-browser-'))
  const port = await freePort()
  for (const dir of ['config', 'data', 'admin', 'run']) mkdirSync(join(directory, dir), { recursive: true })
  writeFileSync(join(directory, 'config', 'pc2.conf'), `[admin]\nlisten = 127.0.0.1\nport = ${port}\n`)
  let output = ''
  const child: ChildProcess = spawnOwned(process.execPath, [join(ROOT, 'out', 'bundles', 'pc2-admin.mjs')], {
    env: {
      ...process.env,
      PC2_IMAGE_CONFIG: join(ROOT, 'image.config'),
      PC2_CONFIG_DIR: join(directory, 'config'),
      PC2_DATA_DIR: join(directory, 'data'),
      PC2_ADMIN_STATE_DIR: join(directory, 'admin'),
      PC2_RUNTIME_DIR: join(directory, 'run'),
      PC2_WEB_UI_DIR: join(ROOT, 'out', 'bundles', 'web-ui'),
      PC2_JOURNALCTL: journalctlFixture,
      NOTIFY_SOCKET: ''
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve() }))
  const url = `http://127.0.0.1:${port}`
  const node: HostNode = {
    url,
    directory,
    claimCode: () => readFileSync(join(directory, 'run', 'claim-code'), 'utf8').trim(),
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
      rmSync(directory, { recursive: true, force: true })
    }
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(`${url}/api/health`)
      if (response.ok) return node
    } catch {}
    if (child.exitCode !== null) break
    await sleep(100)
  }
  await node.stop()
  throw new Error(`pc2-admin did not start:\n${output}`)
}
