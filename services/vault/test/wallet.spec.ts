import assert from 'node:assert/strict'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { getAddress, keccak256, parseTransaction, recoverTransactionAddress } from 'viem'
import type { TransactionSerializedEIP1559 } from 'viem'
import { createLogger } from '@pc2/core'
import { vault as createVault } from '../src/index.ts'
import { startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

const transaction = {
  chainId: 31337,
  nonce: 7,
  to: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  data: '0xa9059cbb00ff',
  value: '1000000000000000000',
  gas: '210000',
  maxFeePerGas: '3000000000',
  maxPriorityFeePerGas: '1000000000'
}

const startFails = async (vault: TestVault): Promise<void> => {
  const service = createVault({ stateDir: vault.stateDir, socketPath: vault.socketPath })({ logger: createLogger('pc2-vault', { write: () => {} }) })
  await assert.rejects(service.start(), (error: Error) => {
    assert.equal(error.name, 'VaultCorruptError')
    assert.match(error.message, /wallet\.json/)
    return true
  })
}

describe('wallet', () => {
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })

  it('has none before POST /wallet: GET and signing are 404 WalletNotFoundError', async () => {
    const get = await vault.send('GET', '/wallet')
    assert.equal(get.status, 404)
    assert.equal(get.json.error.name, 'WalletNotFoundError')
    const sign = await vault.send('POST', '/wallet/sign-transaction', { json: { transaction } })
    assert.equal(sign.status, 404)
    assert.equal(sign.json.error.name, 'WalletNotFoundError')
  })

  it('makes exactly one wallet however many POSTs arrive at once, and never replaces it', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, async () => await vault.send('POST', '/wallet')))
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 200, 200, 200, 201])
    const first = answers[0]?.json
    for (const answer of answers) assert.deepEqual(answer.json, first)
    assert.deepEqual(Object.keys(first), ['address', 'createdAt'])
    assert.equal(first.address, getAddress(first.address), 'EIP-55 checksummed')
    const again = await vault.send('POST', '/wallet')
    assert.equal(again.status, 200)
    assert.deepEqual(again.json, first)
    assert.deepEqual((await vault.send('GET', '/wallet')).json, first)
  })

  it('stores only the wrapped key in wallet.json, mode 0600, bound to its address', async () => {
    const { address } = (await vault.send('GET', '/wallet')).json
    const path = join(vault.stateDir, 'wallet.json')
    const stored = JSON.parse(await readFile(path, 'utf8'))
    assert.deepEqual(Object.keys(stored), ['address', 'wrappedPrivateKey', 'createdAt'])
    assert.equal(stored.address, address)
    assert.equal(Buffer.from(stored.wrappedPrivateKey, 'base64url').byteLength, 24 + 32 + 16)
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    assert.deepEqual((await readdir(vault.stateDir)).filter((name) => name.startsWith('.')), [])
  })

  it('signs an EIP-1559 transaction that recovers to the wallet and carries exactly the fields given', async () => {
    const { address } = (await vault.send('GET', '/wallet')).json
    const response = await vault.send('POST', '/wallet/sign-transaction', { json: { transaction } })
    assert.equal(response.status, 200)
    const { signedTransaction, hash } = response.json
    assert.deepEqual(Object.keys(response.json), ['signedTransaction', 'hash'])
    assert.equal(hash, keccak256(signedTransaction))
    const serialized = signedTransaction as TransactionSerializedEIP1559
    assert.equal(await recoverTransactionAddress({ serializedTransaction: serialized }), address)
    const parsed = parseTransaction(serialized)
    assert.equal(parsed.type, 'eip1559')
    assert.equal(parsed.chainId, transaction.chainId)
    assert.equal(parsed.nonce, transaction.nonce)
    assert.equal(parsed.to, transaction.to.toLowerCase())
    assert.equal(parsed.data, transaction.data)
    assert.equal(parsed.value, BigInt(transaction.value))
    assert.equal(parsed.gas, BigInt(transaction.gas))
    assert.equal(parsed.maxFeePerGas, BigInt(transaction.maxFeePerGas))
    assert.equal(parsed.maxPriorityFeePerGas, BigInt(transaction.maxPriorityFeePerGas))
    assert.deepEqual(parsed.accessList ?? [], [])
  })

  it('signs a call without data or value, at the edges of the limits', async () => {
    const edge = { ...transaction, nonce: 0, data: '0x', value: '0', gas: '30000000', maxPriorityFeePerGas: transaction.maxFeePerGas, to: transaction.to.toLowerCase() }
    const response = await vault.send('POST', '/wallet/sign-transaction', { json: { transaction: edge } })
    assert.equal(response.status, 200, response.text)
    const parsed = parseTransaction(response.json.signedTransaction as TransactionSerializedEIP1559)
    assert.equal(parsed.value ?? 0n, 0n)
    assert.equal(parsed.data, undefined)
  })

  const bad: Array<[string, unknown, string]> = [
    ['chainId 0', { chainId: 0 }, 'chainId'],
    ['chainId as a string', { chainId: '1' }, 'chainId'],
    ['a fractional chainId', { chainId: 1.5 }, 'chainId'],
    ['a negative nonce', { nonce: -1 }, 'nonce'],
    ['a nonce as a string', { nonce: '1' }, 'nonce'],
    ['a nonce past 2^53', { nonce: 2 ** 53 }, 'nonce'],
    ['a short to', { to: '0x1234' }, 'to'],
    ['a to with a bad checksum', { to: '0x5fbDB2315678afecb367f032d93F642f64180aa3' }, 'to'],
    ['a to without 0x', { to: '5FbDB2315678afecb367f032d93F642f64180aa3' }, 'to'],
    ['data of odd length', { data: '0xabc' }, 'data'],
    ['data without 0x', { data: 'abcd' }, 'data'],
    ['data that is not hex', { data: '0xzz' }, 'data'],
    ['a value as a number', { value: 1 }, 'value'],
    ['a value with a leading zero', { value: '01' }, 'value'],
    ['a negative value', { value: '-1' }, 'value'],
    ['a value in hex', { value: '0x10' }, 'value'],
    ['a value past 2^256', { value: (2n ** 256n).toString() }, 'value'],
    ['a gas over 30 000 000', { gas: '30000001' }, 'gas'],
    ['a gas under 21 000', { gas: '20999' }, 'gas'],
    ['a gas with a decimal point', { gas: '21000.0' }, 'gas'],
    ['maxFeePerGas empty', { maxFeePerGas: '' }, 'maxFeePerGas'],
    ['maxPriorityFeePerGas over maxFeePerGas', { maxPriorityFeePerGas: '3000000001' }, 'maxPriorityFeePerGas'],
    ['maxPriorityFeePerGas with a leading zero', { maxPriorityFeePerGas: '00' }, 'maxPriorityFeePerGas'],
    ['a missing gas', { gas: undefined }, 'gas'],
    ['an unknown field', { type: 'legacy' }, 'transaction.type'],
    ['an access list', { accessList: [] }, 'transaction.accessList']
  ]
  for (const [what, change, field] of bad) {
    const expectedField = field.startsWith('transaction.') ? field : `transaction.${field}`
    it(`refuses ${what} with 400 InvalidInputError naming ${expectedField}`, async () => {
      const response = await vault.send('POST', '/wallet/sign-transaction', { json: { transaction: { ...transaction, ...change as object } } })
      assert.equal(response.status, 400, response.text)
      assert.equal(response.json.error.name, 'InvalidInputError')
      assert.equal(response.json.error.details.field, expectedField)
      assert.equal(typeof response.json.error.details.expected, 'string')
      assert.ok(response.json.error.message.startsWith(expectedField), response.json.error.message)
    })
  }

  it('refuses a body without transaction, or with other fields', async () => {
    const missing = await vault.send('POST', '/wallet/sign-transaction', { json: {} })
    assert.equal(missing.status, 400)
    assert.equal(missing.json.error.details.field, 'transaction')
    const extra = await vault.send('POST', '/wallet/sign-transaction', { json: { transaction, from: transaction.to } })
    assert.equal(extra.status, 400)
    assert.equal(extra.json.error.details.field, 'from')
  })

  it('keeps the same wallet across a restart', async () => {
    const before = (await vault.send('GET', '/wallet')).json
    await vault.restart()
    assert.deepEqual((await vault.send('GET', '/wallet')).json, before)
    assert.equal((await vault.send('POST', '/wallet')).status, 200)
    const signed = await vault.send('POST', '/wallet/sign-transaction', { json: { transaction } })
    assert.equal(await recoverTransactionAddress({ serializedTransaction: signed.json.signedTransaction }), before.address)
  })

  it('refuses to start when wallet.json does not authenticate, naming the file', async () => {
    await vault.stop()
    const path = join(vault.stateDir, 'wallet.json')
    const original = await readFile(path, 'utf8')
    const stored = JSON.parse(original)
    // Another address: the additional data no longer matches.
    await writeFile(path, JSON.stringify({ ...stored, address: transaction.to }))
    await startFails(vault)
    // A flipped ciphertext byte.
    const wrapped = Buffer.from(stored.wrappedPrivateKey, 'base64url')
    wrapped[30] = (wrapped[30] ?? 0) ^ 1
    await writeFile(path, JSON.stringify({ ...stored, wrappedPrivateKey: wrapped.toString('base64url') }))
    await startFails(vault)
    await writeFile(path, '{"address":')
    await startFails(vault)
    await writeFile(path, original)
    await vault.restart()
    assert.equal((await vault.send('GET', '/wallet')).json.address, stored.address)
  })

  it('counts wallet.json among what a lost node key would orphan', async () => {
    await vault.stop()
    await rm(join(vault.stateDir, 'identity.json'))
    await rm(join(vault.stateDir, 'node.key'))
    const service = createVault({ stateDir: vault.stateDir, socketPath: vault.socketPath })({ logger: createLogger('pc2-vault', { write: () => {} }) })
    await assert.rejects(service.start(), { name: 'VaultCorruptError', message: /node\.key is missing, but wallet\.json is wrapped under it/ })
  })
})
