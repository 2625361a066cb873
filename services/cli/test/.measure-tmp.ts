import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startFakeNode } from './fixtures/fake-node.ts'
import { cliMain } from './fixtures/run-cli.ts'
const { spawn } = await import('node:child_process')
for (const file of process.argv.slice(2)) {
  const key = generatePrivateKey()
  const node = await startFakeNode(privateKeyToAccount(key).address)
  const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, cliMain, 'upload', file, '--node', node.origin], { env: { PC2_OWNER_KEY: key, PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''; child.stderr.on('data', (d) => { err += d })
  await new Promise((r) => child.on('close', r))
  console.log(file, err.trim().split('\n').slice(-2).join(' | '))
  await node.close()
}
