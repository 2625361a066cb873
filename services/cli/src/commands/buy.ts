// pc2 buy LINK: pay for a listing on a storefront, wait for the seller's node to deliver the
// file key, download and decrypt the file.

import type { AbortOptions } from '@pc2/core'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { parseCommandArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { readBuyerKey } from '../node/owner-key.ts'
import { createProgress } from '../progress.ts'
import { parsePurchaseId, parseRpcUrl } from '../shop/shop-args.ts'
import { parseStorefrontLink } from '../shop/storefront-link.ts'
import type { Command } from './command.ts'

/** How often the chain is asked whether the delivery came: a few calls a block. */
const pollIntervalMs = 2_000

export const buy: Command = {
  name: 'buy',
  usage: 'pc2 buy LINK --rpc URL [--output PATH|DIR] [--force] [--key-file FILE] [--purchase ID]',
  summary: 'buy a file from a storefront link, wait for its key, download and decrypt it',
  help: [
    '  --rpc URL          a JSON-RPC endpoint of the listing\'s chain (yours, or a provider you',
    '                     trust: what the chain says is read there, never from the seller)',
    '  -o, --output PATH|DIR  where to save the file (default: the current directory, under',
    '                     the file\'s own name; a DIR gets that name too)',
    '  -f, --force        replace an existing file',
    '  --key-file FILE    a file holding your wallet\'s private key (default: $PC2_BUYER_KEY)',
    '  --purchase ID      resume waiting for a purchase already paid (after Ctrl-C), without',
    '                     paying again',
    '',
    'LINK is a storefront link, http://<node>/shop/<listing id>, with ?ref=<address> when a',
    'promoter shared it (quote it: ? and & mean something to most shells). pc2 checks the',
    'storefront\'s price, CID, key commitment and status against the contract, derives your',
    'buyer key by signing a fixed message with your wallet (the storefront page derives the',
    'same key), pays exactly the on-chain price into the contract\'s escrow (an ERC-20',
    'listing is approved for exactly the price first), and waits for the seller\'s node to',
    'deliver. If it does not deliver before the deadline, `pc2 refund` returns your money.',
    'The delivered key is checked against the listing\'s commitment; the file appears only',
    'once all of it has been checked. Prints the purchase id, the purchase and delivery',
    'transactions and the saved path on stdout.'
  ].join('\n'),
  async run (args: string[], io: CliIo, options: AbortOptions) {
    const { values, positionals } = parseCommandArgs('buy', args, {
      rpc: { type: 'string' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean', short: 'f' },
      'key-file': { type: 'string' },
      purchase: { type: 'string' }
    }, { min: 1, max: 1 })
    const linkText = positionals[0] ?? ''
    const link = parseStorefrontLink(linkText)
    const rpcUrl = parseRpcUrl('buy', values.rpc)
    const purchaseId = values.purchase === undefined ? undefined : parsePurchaseId('buy', '--purchase', values.purchase)
    const privateKey = await readBuyerKey(values['key-file'], io.env, options)
    // viem is large; only the shop commands load it.
    const { buyFile } = await import('../shop/buy-file.ts')
    const result = await buyFile({
      link,
      linkText,
      rpcUrl,
      privateKey,
      ...(purchaseId === undefined ? {} : { purchaseId }),
      ...(values.output === undefined ? {} : { output: values.output }),
      overwrite: values.force === true,
      cwd: io.cwd,
      pollIntervalMs
    }, {
      backend: await loadFastestBackend(),
      progress: (total) => createProgress({ label: 'download', ...(total === undefined ? {} : { total }), output: io.stderr }),
      report: (line) => { io.stderr.write(`${line}\n`) }
    }, options)
    io.stdout.write([
      `purchase: ${result.purchaseId}`,
      `purchase transaction: ${result.purchaseTransaction}`,
      `delivery transaction: ${result.deliveryTransaction}`,
      `saved: ${result.path}`,
      ''
    ].join('\n'))
  }
}
