// `node services/apps/src/package/main.ts pack --manifest M.json --module in.wasm --output app.wasm`
// makes an app package; `… show app.wasm` prints the manifest it carries. Used by apps/build.

import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { packApp, readManifest } from './section.ts'

const { positionals, values } = parseArgs({ allowPositionals: true, options: { manifest: { type: 'string' }, module: { type: 'string' }, output: { type: 'string' } } })
const [command, file] = positionals
try {
  if (command === 'pack' && values.manifest !== undefined && values.module !== undefined && values.output !== undefined) {
    const manifest: unknown = JSON.parse(await readFile(values.manifest, 'utf8'))
    await writeFile(values.output, packApp(await readFile(values.module), manifest))
  } else if (command === 'show' && file !== undefined) {
    console.log(JSON.stringify(readManifest(await readFile(file)), null, 2))
  } else {
    console.error('usage: main.ts pack --manifest M.json --module in.wasm --output app.wasm | show app.wasm')
    process.exitCode = 2
  }
} catch (error) {
  console.error(`${command ?? ''}: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
