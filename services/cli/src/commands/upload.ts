// pc2 upload FILE: encrypt FILE here, store the ciphertext on the node, print the share link.

import type { AbortOptions } from '@pc2/core'
import { ciphertextSize } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { parseCommandArgs } from '../args.ts'
import type { CliIo } from '../io.ts'
import { createNodeClient } from '../node/client.ts'
import { nodeAddress } from '../node/node-url.ts'
import { readOwnerKey } from '../node/owner-key.ts'
import { createProgress } from '../progress.ts'
import { createNodeUploadTransport } from '../upload/node-transport.ts'
import { describeFile, uploadFile } from '../upload/upload-file.ts'
import type { Command } from './command.ts'

export const upload: Command = {
  name: 'upload',
  usage: 'pc2 upload FILE [--node URL] [--name NAME] [--key-file FILE]',
  summary: 'encrypt FILE on this machine, store it on your node, print its share link',
  help: [
    '  --node URL       your node (default: $PC2_NODE, else http://pc2.local)',
    '  --name NAME      the file name downloaders get (default: FILE\'s own name)',
    '  --key-file FILE  a file holding the node owner\'s private key (default: $PC2_OWNER_KEY)',
    '',
    'Signs in as the node\'s owner (Sign-In with Ethereum) with the owner\'s key, 0x and 64',
    'hex digits. The file is encrypted with a new random key before it leaves this machine;',
    'the link on stdout carries that key after the #, so anyone with the link can download',
    'the file. An upload interrupted by the network or a node restart resumes by itself.'
  ].join('\n'),
  async run (args: string[], io: CliIo, options: AbortOptions) {
    const { values, positionals } = parseCommandArgs('upload', args, {
      node: { type: 'string' },
      name: { type: 'string' },
      'key-file': { type: 'string' }
    }, { min: 1, max: 1 })
    const file = positionals[0] ?? ''
    // A file that cannot be read is reported before anything talks to the node.
    const metadata = await describeFile(file, values.name)
    const client = createNodeClient(nodeAddress(values.node ?? io.env.PC2_NODE))
    const privateKey = await readOwnerKey(values['key-file'], io.env, options)
    // viem is large; only this command needs it.
    const { signIn } = await import('../node/sign-in.ts')
    await signIn(client, privateKey, options)
    const progress = createProgress({ label: 'upload', total: ciphertextSize(metadata.size), output: io.stderr })
    const result = await uploadFile({ file, metadata }, {
      backend: await loadFastestBackend(),
      transport: createNodeUploadTransport({
        client,
        signIn: async (call) => { await signIn(client, privateKey, call) },
        onSessionLost: () => { progress.note('pc2: the node forgot the session (it restarted?); signing in again') }
      }),
      origin: client.address.origin,
      progress
    }, options)
    io.stdout.write(`${result.link}\n`)
  }
}
