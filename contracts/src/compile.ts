// Compiles every Solidity source under contracts/src and contracts/test/helpers with solc-js
// (pinned version and settings). The output is cached in out/contracts/<hash>.json, keyed by
// the sources and settings, so test files after the first one start at once.

import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import type { Abi, Hex } from 'viem'

export interface CompiledContract {
  abi: Abi
  bytecode: Hex
}

/** Compiled contracts by name (FileShop, IFileShop, MockERC20, ...). */
export type CompiledContracts = Record<string, CompiledContract>

interface SolcOutput {
  errors?: Array<{ severity: string, formattedMessage: string }>
  contracts?: Record<string, Record<string, { abi: Abi, evm: { bytecode: { object: string } } }>>
}

interface Solc {
  version: () => string
  compile: (input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }) => string
}

const solcVersion = '0.8.30'
const contractsDirectory = join(import.meta.dirname, '..')
const repositoryRoot = join(contractsDirectory, '..')
const sourceDirectories = [join(contractsDirectory, 'src'), join(contractsDirectory, 'test', 'helpers')]
const cacheDirectory = join(repositoryRoot, 'out', 'contracts')
const settings = {
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } }
}

const require = createRequire(import.meta.url)
const openZeppelinDirectory = dirname(require.resolve('@openzeppelin/contracts/package.json'))
const openZeppelinVersion = (JSON.parse(readFileSync(join(openZeppelinDirectory, 'package.json'), 'utf8')) as { version: string }).version

let compiled: Promise<CompiledContracts> | undefined

/** Compiles (or loads from the cache) all contracts; throws solc's messages on any error. */
export async function compileContracts (): Promise<CompiledContracts> {
  compiled ??= Promise.resolve().then(compileOrLoad)
  return await compiled
}

function compileOrLoad (): CompiledContracts {
  const sources = readSources()
  const cacheKey = createHash('sha256')
    .update(JSON.stringify({ solcVersion, openZeppelinVersion, settings, sources }))
    .digest('hex')
  const cacheFile = join(cacheDirectory, `${cacheKey}.json`)
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as CompiledContracts
  } catch {
    // Not cached yet (or unreadable): compile.
  }
  const contracts = runSolc(sources)
  mkdirSync(cacheDirectory, { recursive: true })
  // Write then rename, so a test file running in parallel never reads half a file.
  const temporaryFile = `${cacheFile}.${process.pid}.tmp`
  writeFileSync(temporaryFile, JSON.stringify(contracts))
  renameSync(temporaryFile, cacheFile)
  return contracts
}

/** Source unit name (path relative to contracts/) → content, sorted for a stable hash. */
function readSources (): Record<string, { content: string }> {
  const files = sourceDirectories.flatMap((directory) =>
    readdirSync(directory, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.sol'))
      .map((name) => join(directory, name)))
  files.sort()
  return Object.fromEntries(files.map((file) => [relative(contractsDirectory, file), { content: readFileSync(file, 'utf8') }]))
}

function runSolc (sources: Record<string, { content: string }>): CompiledContracts {
  const solc = require('solc') as Solc
  if (!solc.version().startsWith(`${solcVersion}+`)) {
    throw new Error(`solc ${solcVersion} is required, found ${solc.version()}`)
  }
  const input = { language: 'Solidity', sources, settings }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: readImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((error) => error.formattedMessage).join('\n')}`)
  }
  const contracts: CompiledContracts = {}
  for (const [unit, byName] of Object.entries(output.contracts ?? {})) {
    if (!(unit in sources)) continue // OpenZeppelin and other libraries
    for (const [name, contract] of Object.entries(byName)) {
      if (name in contracts) throw new Error(`two contracts are named ${name}`)
      contracts[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
    }
  }
  return contracts
}

function readImport (path: string): { contents: string } | { error: string } {
  const prefix = '@openzeppelin/contracts/'
  if (!path.startsWith(prefix)) return { error: `cannot resolve import ${path}` }
  try {
    return { contents: readFileSync(join(openZeppelinDirectory, path.slice(prefix.length)), 'utf8') }
  } catch (error) {
    return { error: `cannot read ${path}: ${(error as Error).message}` }
  }
}
