// Bundles every service that has an entry point (services/<name>/src/main.ts) into one
// ESM file, out/bundles/pc2-<name>.mjs, which the image runs with its own Node. One file
// per service means the root image carries no node_modules tree.
// Also builds the admin web UI (web-ui/) into out/bundles/web-ui/: index.html, hashed
// app-<HASH>.js/.css, lazily loaded page chunks and the favicon, which pc2-admin serves.
//
//   node scripts/bundle.ts [--out DIR]

import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const repo = fileURLToPath(new URL('..', import.meta.url))

// Bundled CommonJS dependencies may still call require(); ESM output has none, so give it one.
const banner = "import { createRequire as __pc2CreateRequire } from 'node:module'; const require = __pc2CreateRequire(import.meta.url);"

export interface BundleResult {
  service: string
  file: string
  bytes: number
  npmPackages: Array<{ name: string, version: string }>
}

/**
 * A service's other programs, where it has them: src/child.ts (what the service starts per
 * task, such as pc2-apps's WebAssembly runner) and src/launcher.ts (a helper unit of its
 * own, such as pc2-apps's root launcher of runs).
 */
const helperPrograms = ['child', 'launcher'] as const

/** Each service's src/main.ts → pc2-<service>.mjs, and its helper programs → pc2-<service>-<helper>.mjs beside it. */
export async function serviceEntries (servicesDir: string): Promise<Array<{ service: string, entry: string, output: string }>> {
  const names = (await readdir(servicesDir, { withFileTypes: true }))
    .filter((dirent) => dirent.isDirectory())
    .map((dirent) => dirent.name)
    .sort()
  return names.flatMap((service) => {
    const main = join(servicesDir, service, 'src', 'main.ts')
    if (!existsSync(main)) return []
    const extras = helperPrograms
      .map((helper) => ({ service, entry: join(servicesDir, service, 'src', `${helper}.ts`), output: `pc2-${service}-${helper}.mjs` }))
      .filter((extra) => existsSync(extra.entry))
    return [{ service, entry: main, output: `pc2-${service}.mjs` }, ...extras]
  })
}

/**
 * The npm packages whose files went into a bundle, with their versions: for the image's
 * SBOM. `inputs` are esbuild metafile input paths, relative to `base` (esbuild's working directory).
 */
export async function npmPackagesOf (inputs: string[], base: string): Promise<Array<{ name: string, version: string }>> {
  const directories = new Set<string>()
  for (const input of inputs) {
    const at = input.lastIndexOf('node_modules/')
    if (at === -1) continue
    const parts = input.slice(at + 'node_modules/'.length).split('/')
    const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
    directories.add(`${input.slice(0, at)}node_modules/${name}`)
  }
  const packages = await Promise.all([...directories].map(async (directory) => {
    const manifest = JSON.parse(await readFile(resolve(base, directory, 'package.json'), 'utf8')) as { name: string, version: string }
    return { name: manifest.name, version: manifest.version }
  }))
  const unique = new Map(packages.map((entry) => [`${entry.name}@${entry.version}`, entry]))
  return [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
}

export async function bundleServices (options: { servicesDir: string, outDir: string }): Promise<BundleResult[]> {
  await mkdir(options.outDir, { recursive: true })
  const results: BundleResult[] = []
  for (const { service, entry, output } of await serviceEntries(options.servicesDir)) {
    const file = join(options.outDir, output)
    const result = await build({
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
      metafile: true,
      logLevel: 'silent'
    })
    results.push({ service, file, bytes: (await stat(file)).size, npmPackages: await npmPackagesOf(Object.keys(result.metafile.inputs), process.cwd()) })
  }
  return results
}

export interface WebUiFile {
  file: string
  bytes: number
  gzipBytes: number
  /** Loaded with the first screen (the app, its stylesheet and what the app imports statically). */
  firstScreen: boolean
}

export interface WebUiBundleResult {
  dir: string
  /** The JavaScript and CSS the browser may load (entry and lazy chunks). */
  files: WebUiFile[]
  gzipBytes: number
  /** What every visit loads before anything else; lazy pages and the crypto chunk are not in it. */
  firstScreenGzipBytes: number
  npmPackages: Array<{ name: string, version: string }>
}

/** The HTML shell's placeholders, replaced by the hashed file names. */
const scriptPlaceholder = '%APP_JS%'
const stylePlaceholder = '%APP_CSS%'

/**
 * Builds web-ui/src/main.tsx for browsers. Everything is a file (no inline script or
 * style), because pc2-admin's CSP allows only 'self'. Hashed names let the server cache
 * them forever; index.html is the one file that must not be cached.
 */
export async function bundleWebUi (options: { webUiDir: string, outDir: string }): Promise<WebUiBundleResult> {
  // Old hashed files would pile up and ship in the image; start from empty.
  await rm(options.outDir, { recursive: true, force: true })
  await mkdir(options.outDir, { recursive: true })
  const result = await build({
    entryPoints: { app: join(options.webUiDir, 'src', 'main.tsx') },
    absWorkingDir: options.webUiDir,
    outdir: options.outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(options.webUiDir, 'tsconfig.json'),
    metafile: true,
    logLevel: 'silent'
  })

  let outputs = Object.entries(result.metafile.outputs)
  // Lazily loaded chunks are entry points in the metafile too; the app is the one built from main.tsx.
  const entry = outputs.find(([, output]) => output.entryPoint === 'src/main.tsx' && output.cssBundle !== undefined)
  if (entry === undefined) throw new Error('web-ui: esbuild produced no app script with a stylesheet')
  const [entryFile, entryOutput] = entry
  const script = basename(entryFile)
  const stylesheetPath = entryOutput.cssBundle ?? ''
  const stylesheet = basename(stylesheetPath)

  // esbuild puts the CSS of lazily loaded pages into the app stylesheet as well, and also
  // writes it again per chunk, where nothing would load it. Drop those copies, after
  // making sure the app stylesheet really has all of it.
  const appStyles = new Set(Object.keys(result.metafile.outputs[stylesheetPath]?.inputs ?? {}))
  for (const [path, output] of outputs) {
    if (!path.endsWith('.css') || path === stylesheetPath) continue
    const missing = Object.keys(output.inputs).filter((input) => !appStyles.has(input))
    if (missing.length > 0) throw new Error(`web-ui: ${missing.join(', ')} would not be in ${stylesheet}`)
    await rm(resolve(options.webUiDir, path))
  }
  outputs = outputs.filter(([path]) => !path.endsWith('.css') || path === stylesheetPath)

  const template = await readFile(join(options.webUiDir, 'index.html'), 'utf8')
  if (!template.includes(scriptPlaceholder) || !template.includes(stylePlaceholder)) {
    throw new Error(`web-ui/index.html must contain ${scriptPlaceholder} and ${stylePlaceholder}`)
  }
  await writeFile(join(options.outDir, 'index.html'), template.replaceAll(scriptPlaceholder, `/${script}`).replaceAll(stylePlaceholder, `/${stylesheet}`))
  await copyFile(join(options.webUiDir, 'favicon.svg'), join(options.outDir, 'favicon.svg'))

  // The first screen: the app script, its stylesheet, and the chunks it imports statically.
  const firstScreen = new Set([entryFile, stylesheetPath])
  const pending = [entryFile]
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const imported of result.metafile.outputs[path]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || firstScreen.has(imported.path)) continue
      firstScreen.add(imported.path)
      pending.push(imported.path)
    }
  }

  const files: WebUiFile[] = []
  for (const [path] of outputs) {
    if (!path.endsWith('.js') && !path.endsWith('.css')) continue
    const content = await readFile(resolve(options.webUiDir, path))
    files.push({ file: join(options.outDir, basename(path)), bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length, firstScreen: firstScreen.has(path) })
  }
  files.sort((a, b) => a.file.localeCompare(b.file))
  const sum = (list: WebUiFile[]): number => list.reduce((total, file) => total + file.gzipBytes, 0)
  return { dir: options.outDir, files, gzipBytes: sum(files), firstScreenGzipBytes: sum(files.filter((file) => file.firstScreen)), npmPackages: await npmPackagesOf(Object.keys(result.metafile.inputs), options.webUiDir) }
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
    const webUi = await bundleWebUi({ webUiDir: join(repo, 'web-ui'), outDir: join(outDir, 'web-ui') })
    // What the image's SBOM lists from npm: every package a bundle took code from.
    const npm = [...new Map([...results.flatMap((result) => result.npmPackages), ...webUi.npmPackages].map((entry) => [`${entry.name}@${entry.version}`, entry])).values()]
      .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
    await writeFile(join(outDir, 'npm-packages.json'), `${JSON.stringify(npm, null, 2)}\n`)
    for (const { file, bytes, gzipBytes, firstScreen } of webUi.files) {
      process.stdout.write(`${relative(process.cwd(), file) || file}  ${(bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzip)${firstScreen ? '  first screen' : ''}\n`)
    }
    process.stdout.write(`${relative(process.cwd(), webUi.dir) || webUi.dir}  JS+CSS ${(webUi.gzipBytes / 1024).toFixed(1)} KiB gzip in total, ${(webUi.firstScreenGzipBytes / 1024).toFixed(1)} KiB on the first screen\n`)
  } catch (error) {
    // esbuild's message already lists each error with file:line:column.
    process.stderr.write(`bundle: ${(error as Error).message}\n`)
    process.exitCode = 1
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
