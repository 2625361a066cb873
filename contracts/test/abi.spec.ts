// The ABI that the services, CLI and web UI use (services/core/src/shop/fileshop-abi.ts, a
// const so viem types every call) must be what solc compiles from IFileShop.sol, and
// FileShop must implement every item of it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Abi } from 'viem'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { compileContracts } from '../src/compile.ts'

const signature = (item: Abi[number]): string => JSON.stringify(item, Object.keys(item).sort())
const sorted = (abi: Abi): string[] => abi.map((item) => signature(item)).sort()

describe('the FileShop ABI', () => {
  it('in services/core is exactly the compiled IFileShop', async () => {
    const compiled = (await compileContracts()).IFileShop
    assert.ok(compiled !== undefined)
    assert.deepEqual(sorted(fileShopAbi as Abi), sorted(compiled.abi))
  })

  it('is all implemented by FileShop (which adds only the ERC-1155 surface)', async () => {
    const implemented = new Set(sorted((await compileContracts()).FileShop!.abi))
    const missing = sorted(fileShopAbi as Abi).filter((item) => !implemented.has(item))
    assert.deepEqual(missing, [])
  })
})
