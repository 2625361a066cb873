// Where the vault keeps its state (API.md, "State"). One directory, mode 0700, on /data.

import { join } from 'node:path'

export interface VaultPaths {
  dir: string
  nodeKey: string
  identity: string
  wallet: string
  files: string
}

export function vaultPaths (dir: string): VaultPaths {
  return { dir, nodeKey: join(dir, 'node.key'), identity: join(dir, 'identity.json'), wallet: join(dir, 'wallet.json'), files: join(dir, 'files') }
}

/** A record's file; the CID has been checked against the CID shape, so it cannot hold a path. */
export function recordPath (paths: VaultPaths, cid: string): string {
  return join(paths.files, `${cid}.json`)
}
