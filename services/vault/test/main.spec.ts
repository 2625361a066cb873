import assert from 'node:assert/strict'
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadSodium } from '../src/sodium.ts'
import { imageConfigPath as imageConfig, runServiceMain } from '@pc2/test-support/service-process'
import type { ServiceRun as MainRun } from '@pc2/test-support/service-process'
import { cids, metadata, randomKey, send } from './fixtures/vault.ts'

const runMain = (env: Record<string, string>): MainRun => runServiceMain(new URL('../src/main.ts', import.meta.url), env)

describe('pc2-vault main', async () => {
  const sodium = await loadSodium()
  let root = ''
  let env: Record<string, string> = {}
  let socketPath = ''
  const runs: MainRun[] = []
  const start = async (): Promise<MainRun> => {
    const run = runMain(env)
    runs.push(run)
    await run.waitFor('<6>pc2-vault: started')
    return run
  }
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-vault-main-'))
    const configDir = join(root, 'config')
    await mkdir(join(root, 'run'))
    await mkdir(configDir)
    // At debug, every request is logged: the level at which a leak would show.
    await writeFile(join(configDir, 'pc2.conf'), '[log]\nlevel = debug\n')
    env = { PC2_VAULT_DIR: join(root, 'vault'), PC2_RUNTIME_DIR: join(root, 'run'), PC2_CONFIG_DIR: configDir, PC2_IMAGE_CONFIG: imageConfig }
    socketPath = join(root, 'run', 'api.sock')
  })
  after(async () => {
    for (const run of runs) run.kill('SIGKILL')
    await rm(root, { recursive: true, force: true })
  })

  it('serves on $PC2_RUNTIME_DIR/api.sock (mode 0660) and exits 0 on SIGTERM, removing the socket', async () => {
    const run = await start()
    assert.equal((await lstat(socketPath)).mode & 0o777, 0o660)
    assert.deepEqual((await send(socketPath, 'GET', '/health')).json, { ok: true })
    assert.match(run.output(), /<6>pc2-vault: started status="listening on .*api\.sock"\n/)
    run.kill('SIGTERM')
    const [code, signal] = await run.exit
    assert.equal(code, 0, run.output())
    assert.equal(signal, null)
    assert.match(run.output(), /<6>pc2-vault: stopped\n$/)
    await assert.rejects(lstat(socketPath), { code: 'ENOENT' })
  })

  it('keeps keys across a restart, and after SIGKILL replaces the stale socket', async () => {
    const key = randomKey()
    const first = await start()
    assert.equal((await send(socketPath, 'PUT', `/files/${cids.a}`, { json: { key, metadata } })).status, 201)
    const identity = (await send(socketPath, 'GET', '/identity')).json
    first.kill('SIGKILL')
    await first.exit
    assert.ok((await lstat(socketPath)).isSocket(), 'SIGKILL leaves the socket file behind')
    await start()
    const stored = await send(socketPath, 'GET', `/files/${cids.a}`)
    assert.equal(stored.status, 200)
    assert.equal(stored.json.key, key)
    assert.deepEqual((await send(socketPath, 'GET', '/identity')).json, identity)
  })

  it('refuses to start while another vault serves the socket', async () => {
    const second = runMain(env)
    const [code] = await second.exit
    assert.equal(code, 1)
    assert.match(second.output(), /<3>pc2-vault: start failed error="UnavailableError: another process is serving .*api\.sock"/)
    assert.equal((await send(socketPath, 'GET', '/health')).status, 200)
  })

  it('never writes a key to its output, whatever the requests', async () => {
    const running = runs.at(-1)
    assert.ok(running !== undefined)
    const fileKeys = [randomKey(), randomKey()]
    await send(socketPath, 'PUT', `/files/${cids.b}`, { json: { key: fileKeys[0], metadata } })
    await send(socketPath, 'PUT', `/files/${cids.b}`, { json: { key: fileKeys[1], metadata } })
    await send(socketPath, 'GET', `/files/${cids.b}`)
    await send(socketPath, 'GET', '/files')
    const buyer = sodium.crypto_box_keypair()
    const sealed = await send(socketPath, 'POST', `/files/${cids.b}/seal`, { json: { recipientPublicKey: Buffer.from(buyer.publicKey).toString('base64url') } })
    await send(socketPath, 'PUT', `/files/${cids.v0}`, { body: `{"key":"${fileKeys[1]}",`, headers: { 'Content-Type': 'application/json' } })
    await send(socketPath, 'GET', `/files/${fileKeys[1]}`)
    await send(socketPath, 'GET', `/nowhere/${fileKeys[1]}`)
    await send(socketPath, 'DELETE', `/files/${cids.b}`)
    await send(socketPath, 'POST', '/wallet')
    const wallet = (await send(socketPath, 'GET', '/wallet')).json
    const transaction = { chainId: 31337, nonce: 0, to: wallet.address, data: '0x', value: '1', gas: '21000', maxFeePerGas: '2', maxPriorityFeePerGas: '1' }
    assert.equal((await send(socketPath, 'POST', '/wallet/sign-transaction', { json: { transaction } })).status, 200)
    await send(socketPath, 'POST', '/wallet/sign-transaction', { json: { transaction: { ...transaction, gas: '1' } } })
    running.kill('SIGTERM')
    await running.exit

    const nodeKey = await readFile(join(root, 'vault', 'node.key'))
    const storedIdentity = JSON.parse(await readFile(join(root, 'vault', 'identity.json'), 'utf8'))
    const wrapped = Buffer.from(storedIdentity.wrappedSecretKey, 'base64url')
    const identitySecret = Buffer.from(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrapped.subarray(24), `pc2-vault identity ${storedIdentity.publicKey}`, wrapped.subarray(0, 24), nodeKey))
    const storedWallet = JSON.parse(await readFile(join(root, 'vault', 'wallet.json'), 'utf8'))
    const wrappedWallet = Buffer.from(storedWallet.wrappedPrivateKey, 'base64url')
    const walletSecret = Buffer.from(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrappedWallet.subarray(24), `pc2-vault wallet ${storedWallet.address}`, wrappedWallet.subarray(0, 24), nodeKey))
    assert.equal(walletSecret.byteLength, 32)
    const secrets = [...fileKeys.map((key) => Buffer.from(key, 'base64url')), nodeKey, identitySecret, walletSecret]
    const output = runs.map((run) => run.output()).join('')
    assert.match(output, /<7>pc2-vault: request method=POST path=\/files\/.*\/seal status=200/, 'requests were logged at debug')
    assert.match(output, /<7>pc2-vault: request method=POST path=\/wallet\/sign-transaction status=200/)
    for (const secret of secrets) {
      for (const encoding of ['base64url', 'base64', 'hex'] as const) {
        // Any 16-character run of the encoded secret, so that partial leaks count as well.
        const text = secret.toString(encoding).replace(/=+$/, '')
        for (let start = 0; start + 16 <= text.length; start += 8) {
          assert.ok(!output.includes(text.slice(start, start + 16)), `a ${encoding} piece of a secret is in the output`)
        }
      }
    }
    assert.ok(!output.includes(sealed.json.sealedKey.slice(0, 20)))
  })
})
