// pc2 refund PURCHASE: take back the payment of a purchase the seller did not deliver in time.

import type { AbortOptions } from '@pc2/core'
import { parseCommandArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { readBuyerKey } from '../node/owner-key.ts'
import { parseContract, parsePurchaseId, parseRpcUrl } from '../shop/shop-args.ts'
import type { Command } from './command.ts'

export const refund: Command = {
  name: 'refund',
  usage: 'pc2 refund PURCHASE --rpc URL --contract ADDRESS [--key-file FILE]',
  summary: 'return the payment of a purchase that was not delivered before its deadline',
  help: [
    '  --rpc URL          a JSON-RPC endpoint of the purchase\'s chain',
    '  --contract ADDRESS the FileShop contract (`pc2 buy` prints this command in full)',
    '  --key-file FILE    a file holding your wallet\'s private key (default: $PC2_BUYER_KEY)',
    '',
    'PURCHASE is the purchase id `pc2 buy` printed. The money always goes back to the',
    'account that bought; the key here only pays the gas. Refused before the deadline (the',
    'seller\'s node may still deliver until then) and once the purchase was delivered.',
    'Prints the amount returned on stdout.'
  ].join('\n'),
  async run (args: string[], io: CliIo, options: AbortOptions) {
    const { values, positionals } = parseCommandArgs('refund', args, {
      rpc: { type: 'string' },
      contract: { type: 'string' },
      'key-file': { type: 'string' }
    }, { min: 1, max: 1 })
    const purchaseId = parsePurchaseId('refund', 'PURCHASE', positionals[0] ?? '')
    const rpcUrl = parseRpcUrl('refund', values.rpc)
    const contract = parseContract('refund', values.contract)
    const privateKey = await readBuyerKey(values['key-file'], io.env, options)
    const { refundPurchase } = await import('../shop/refund-purchase.ts')
    const result = await refundPurchase({ purchaseId, rpcUrl, contract, privateKey }, (line) => { io.stderr.write(`${line}\n`) })
    io.stdout.write(`refunded ${result.formatted} to ${result.buyer} (transaction ${result.transaction})\n`)
  }
}
