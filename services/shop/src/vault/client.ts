// What pc2-shop asks pc2-vault (services/vault/API.md), through core's typed client of its
// socket: a file's key (only to commit to it), a key sealed to a buyer, and the wallet's
// transactions signed: the wallet's private key never reaches this process. Errors the
// vault answers keep their name, status and details, so a FileKeyNotFoundError reaches the
// owner unchanged.

import { serviceClient } from '@pc2/core'
import type { AbortOptions, VaultApi, VaultFileResponse, VaultSignTransactionResponse, VaultTransaction, VaultWalletResponse } from '@pc2/core'

export interface VaultClient {
  getFile (cid: string, options?: AbortOptions): Promise<VaultFileResponse>
  seal (cid: string, recipientPublicKey: Uint8Array, options?: AbortOptions): Promise<Uint8Array>
  /** The wallet, or undefined while the vault has none. */
  getWallet (options?: AbortOptions): Promise<VaultWalletResponse | undefined>
  createWallet (options?: AbortOptions): Promise<{ wallet: VaultWalletResponse, created: boolean }>
  signTransaction (transaction: VaultTransaction, options?: AbortOptions): Promise<VaultSignTransactionResponse>
}

/** A vault that has not answered in this long is taken for gone (the watcher asks again). */
export const vaultTimeoutMs = 30_000

export function vaultClient (socketPath: string): VaultClient {
  const vault = serviceClient<VaultApi>({ name: 'pc2-vault', socketPath, timeoutMs: vaultTimeoutMs })
  return {
    getFile: async (cid, { signal } = {}) => await vault.call('GET /files/:cid', { params: { cid }, signal }),
    seal: async (cid, recipientPublicKey, { signal } = {}) => {
      const { sealedKey } = await vault.call('POST /files/:cid/seal', { params: { cid }, json: { recipientPublicKey: Buffer.from(recipientPublicKey).toString('base64url') }, signal })
      return new Uint8Array(Buffer.from(sealedKey, 'base64url'))
    },
    getWallet: async ({ signal } = {}) => {
      try {
        return await vault.call('GET /wallet', { signal })
      } catch (error) {
        if ((error as Error).name === 'WalletNotFoundError') return undefined
        throw error
      }
    },
    createWallet: async ({ signal } = {}) => {
      const { status, body } = await vault.send('POST /wallet', { signal })
      return { wallet: body, created: status === 201 }
    },
    signTransaction: async (transaction, { signal } = {}) => await vault.call('POST /wallet/sign-transaction', { json: { transaction }, signal })
  }
}
