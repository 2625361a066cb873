// Bundles every service that has an entry point (services/<name>/src/main.ts) into one
// ESM file, out/bundles/pc2-<name>.mjs, which the image runs with its own Node. One file
// per service means the root image carries no node_modules tree.
//
//   node scripts/bundle.ts [--out DIR]

import { existsSync } from 'node:fs'
import { mkdir, readdir, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const repo = fileURLToPath(new URL('..', import.meta.url))

// Bundled CommonJS dependencies may still call require(); ESM output has none, so give it one.
const banner = "import { createRequire as __pc2CreateRequire } from 'node:module'; const require = __pc2CreateRequire(import.meta.url);"

export interface BundleResult {
  service: string
  file: string
  bytes: number
}

export async function serviceEntries (servicesDir: string): Promise<Array<{ service: string, entry: string }>> {
  const names = (await readdir(servicesDir, { withFileTypes: true }))
    .filter((dirent) => dirent.isDirectory())
    .map((dirent) => dirent.name)
    .sort()
  return names
    .map((service) => ({ service, entry: join(servicesDir, service, 'src', 'main.ts') }))
    .filter(({ entry }) => existsSync(entry))
}

export async function bundleServices (options: { servicesDir: string, outDir: string }): Promise<BundleResult[]> {
  await mkdir(options.outDir, { recursive: true })
  const results: BundleResult[] = []
  for (const { service, entry } of await serviceEntries(options.servicesDir)) {
    const file = join(options.outDir, `pc2-${service}.mjs`)
    await build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      banner: { js: banner },
      logLevel: 'silent'
    })
    results.push({ service, file, bytes: (await stat(file)).size })
  }
  return results
}

function parseArguments (argv: string[]): { outDir: string } {
  let outDir = join(repo, 'out', 'bundles')
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--out' && argv[index + 1] !== undefined) {
      outDir = resolve(argv[++index] ?? '')
    } else {
      throw new Error(`unexpected argument ${JSON.stringify(argv[index])}; usage: bundle.ts [--out DIR]`)
    }
  }
  return { outDir }
}

async function main (): Promise<void> {
  try {
    const { outDir } = parseArguments(process.argv.slice(2))
    const results = await bundleServices({ servicesDir: join(repo, 'services'), outDir })
    if (results.length === 0) throw new Error('no services/*/src/main.ts to bundle')
    for (const { file, bytes } of results) {
      process.stdout.write(`${relative(process.cwd(), file) || file}  ${(bytes / 1024).toFixed(1)} KiB\n`)
    }
  } catch (error) {
    // esbuild's message already lists each error with file:line:column.
    process.stderr.write(`bundle: ${(error as Error).message}\n`)
    process.exitCode = 1
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
