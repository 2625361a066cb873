// pc2 buy and pc2 refund: what they refuse before any money could move, each as one line
// naming the problem, with exit status 2 for a wrong command line and 1 otherwise. No chain
// is needed here: a closed port stands for an unreachable node or RPC endpoint.

import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { parseStorefrontLink } from '../src/shop/storefront-link.ts'
import { startFakeNode } from './fixtures/fake-node.ts'
import type { FakeNode } from './fixtures/fake-node.ts'
import { runCli } from './fixtures/run-cli.ts'
import type { CliRun } from './fixtures/run-cli.ts'

const promoter = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

/** One line on stderr after any progress lines, no stack trace. */
function assertOneLineError (run: CliRun, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, run.stderr)
  assert.equal(run.stdout, '')
  assert.match(run.stderr, pattern)
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace')
}

describe('storefront links', () => {
  it('reads the origin, the listing id and the promoter', () => {
    assert.deepEqual(parseStorefrontLink('http://pc2.local/shop/12'), { origin: 'http://pc2.local', listingId: 12n, promoter: undefined })
    assert.deepEqual(parseStorefrontLink(`https://shop.example:8443/shop/3/?ref=${promoter.toLowerCase()}`), { origin: 'https://shop.example:8443', listingId: 3n, promoter })
  })

  const bad: Array<[string, RegExp]> = [
    ['pc2.local/shop/1', /not a URL/],
    ['ftp://pc2.local/shop/1', /not an http/],
    ['http://pc2.local/f/1', /not \/shop\/<listing id>/],
    ['http://pc2.local/shop/', /not \/shop\/<listing id>/],
    ['http://pc2.local/shop/0', /not a listing id/],
    ['http://pc2.local/shop/007', /not a listing id/],
    ['http://pc2.local/shop/-1', /not a listing id/],
    ['http://pc2.local/shop/1?ref=0x1234', /promoter .* is not an address/],
    [`http://pc2.local/shop/1?ref=${promoter.replace('C', 'c')}`, /promoter .* is not an address/]
  ]
  for (const [link, message] of bad) {
    it(`refuses ${link}`, () => {
      assert.throws(() => parseStorefrontLink(link), { name: 'InvalidStorefrontLinkError', message })
    })
  }
})

describe('pc2 buy and pc2 refund arguments', () => {
  let root = ''
  let node: FakeNode
  let closedOrigin = ''
  const key = generatePrivateKey()
  const env = { PC2_BUYER_KEY: key }
  const run = async (args: string[], environment: Record<string, string> = env): Promise<CliRun> => await runCli(args, { cwd: root, env: environment })

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-cli-buy-args-'))
    node = await startFakeNode(privateKeyToAccount(generatePrivateKey()).address)
    // A port that was free a moment ago: nothing answers there.
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    closedOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.close()
    await once(server, 'close')
  })
  after(async () => {
    await node.close()
    await rm(root, { recursive: true, force: true })
  })

  it('documents both commands in pc2 help', async () => {
    const help = await run(['help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /pc2 buy LINK --rpc URL/)
    assert.match(help.stdout, /pc2 refund PURCHASE --rpc URL --contract ADDRESS/)
    assert.match(help.stdout, /PC2_BUYER_KEY/)
    const buy = await run(['buy', '--help'])
    assert.match(buy.stdout, /--purchase ID/)
    assert.match(buy.stdout, /\?ref=<address>/)
  })

  const usage: Array<[string, string[], RegExp]> = [
    ['no link', ['buy', '--rpc', 'http://127.0.0.1:8545'], /^pc2: buy: missing argument$/m],
    ['two links', ['buy', 'http://a/shop/1', 'http://b/shop/2', '--rpc', 'http://127.0.0.1:8545'], /^pc2: buy: unexpected argument "http:\/\/b\/shop\/2"$/m],
    ['no --rpc', ['buy', 'http://pc2.local/shop/1'], /^pc2: buy: --rpc URL is required/m],
    ['an --rpc that is not a URL', ['buy', 'http://pc2.local/shop/1', '--rpc', 'localhost:8545'], /^pc2: buy: --rpc "localhost:8545" is not an http:\/\/ or https:\/\/ URL/m],
    ['an --rpc over websocket', ['buy', 'http://pc2.local/shop/1', '--rpc', 'ws://127.0.0.1:8545'], /^pc2: buy: --rpc "ws:\/\/127\.0\.0\.1:8545" is not an http/m],
    ['a bad --purchase', ['buy', 'http://pc2.local/shop/1', '--rpc', 'http://127.0.0.1:8545', '--purchase', 'x1'], /^pc2: buy: --purchase "x1" is not a purchase id/m],
    ['an unknown option', ['buy', 'http://pc2.local/shop/1', '--rpc', 'http://127.0.0.1:8545', '--key', key], /^pc2: buy: Unknown option '--key'/m],
    ['a link to a share page', ['buy', 'http://pc2.local/f/bafkreiabc', '--rpc', 'http://127.0.0.1:8545'], /^pc2: malformed link: the link's path "\/f\/bafkreiabc" is not \/shop\/<listing id>$/m],
    ['refund without --contract', ['refund', '1', '--rpc', 'http://127.0.0.1:8545'], /^pc2: refund: --contract ADDRESS is required/m],
    ['refund with a bad --contract', ['refund', '1', '--rpc', 'http://127.0.0.1:8545', '--contract', '0x12'], /^pc2: refund: --contract "0x12" is not an address/m],
    ['refund of purchase 0', ['refund', '0', '--rpc', 'http://127.0.0.1:8545', '--contract', contract], /^pc2: refund: PURCHASE "0" is not a purchase id/m],
    ['refund without --rpc', ['refund', '1', '--contract', contract], /^pc2: refund: --rpc URL is required/m]
  ]
  for (const [what, args, message] of usage) {
    it(`refuses ${what} with exit status 2`, async () => {
      assertOneLineError(await run(args), 2, message)
    })
  }

  it('needs the buyer key from PC2_BUYER_KEY or --key-file', async () => {
    const none = await run(['buy', 'http://pc2.local/shop/1', '--rpc', 'http://127.0.0.1:8545'], {})
    assertOneLineError(none, 1, /^pc2: buyer key: buying needs your wallet's private key: set PC2_BUYER_KEY=0x… or pass --key-file FILE$/m)
    const short = await run(['buy', 'http://pc2.local/shop/1', '--rpc', 'http://127.0.0.1:8545'], { PC2_BUYER_KEY: key.slice(0, 40) })
    assertOneLineError(short, 1, /^pc2: buyer key: PC2_BUYER_KEY does not hold a private key/m)
    assert.ok(!short.stderr.includes(key.slice(2, 40)), 'the key is never printed')
    const missingFile = await run(['refund', '1', '--rpc', 'http://127.0.0.1:8545', '--contract', contract, '--key-file', join(root, 'nope')], {})
    assertOneLineError(missingFile, 1, /^pc2: buyer key: cannot read the key file .*nope: ENOENT$/m)
    const keyFile = join(root, 'buyer.key')
    await writeFile(keyFile, 'not a key\n')
    assertOneLineError(await run(['refund', '1', '--rpc', 'http://127.0.0.1:8545', '--contract', contract, '--key-file', keyFile], {}), 1, /^pc2: buyer key: .*buyer\.key does not hold a private key/m)
  })

  it('says so when the seller\'s node cannot be reached', async () => {
    const result = await run(['buy', `${closedOrigin}/shop/1`, '--rpc', 'http://127.0.0.1:8545'])
    assertOneLineError(result, 1, /^pc2: network: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/m)
    assert.match(result.stderr, /^reading listing 1 from /m)
  })

  it('says so when the node has no such listing', async () => {
    assertOneLineError(await run(['buy', `${node.origin}/shop/9`, '--rpc', 'http://127.0.0.1:8545']), 1, /^pc2: unknown listing: http:\/\/127\.0\.0\.1:\d+ has no listing 9$/m)
  })

  it('says so when the node does not answer like a storefront', async () => {
    node.listings.set('4', { hello: 'world' })
    assertOneLineError(await run(['buy', `${node.origin}/shop/4`, '--rpc', 'http://127.0.0.1:8545']), 1, /^pc2: refused by the node: .* did not answer like a PC2 storefront/m)
  })

  it('says so when the RPC endpoint cannot be reached, before anything is signed', async () => {
    node.listings.set('5', {
      listingId: '5', title: 'Song', description: '', cid: 'bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq', fileName: 'song.flac', fileSize: 10, fileType: 'audio/flac',
      price: '1000', token: null, currency: 'ETH', decimals: 18, commissionBps: 500, deliveryWindowSeconds: 3600, status: 'active',
      keyCommitment: `0x${'11'.repeat(32)}`, seller: promoter, payee: promoter, chainId: 31337, contract
    })
    const result = await run(['buy', `${node.origin}/shop/5`, '--rpc', closedOrigin])
    assertOneLineError(result, 1, /^pc2: chain unreachable: cannot reach the RPC endpoint http:\/\/127\.0\.0\.1:\d+ while reading the chain id/m)
    assert.doesNotMatch(result.stderr, /deriving your buyer key/)
    const refund = await run(['refund', '3', '--rpc', closedOrigin, '--contract', contract])
    assertOneLineError(refund, 1, /^pc2: chain unreachable: cannot reach the RPC endpoint/m)
  })

  it('refuses before paying when the file is already where it would be saved', async () => {
    await writeFile(join(root, 'song.flac'), 'mine')
    assertOneLineError(await run(['buy', `${node.origin}/shop/5`, '--rpc', closedOrigin]), 1, /^pc2: file exists: .*song\.flac already exists; use --force/m)
  })
})
