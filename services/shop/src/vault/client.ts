// pc2-vault over its Unix socket (services/vault/API.md). The shop asks it for a file's key
// (only to commit to it), to seal a key to a buyer, and to sign the wallet's transactions:
// the wallet's private key never reaches this process. Vault errors keep their name and
// status, so a FileKeyNotFoundError reaches the owner unchanged.

import { request } from 'node:http'
import { FileKeyNotFoundError, InvalidInputError, Pc2Error, UnavailableError, VaultCorruptError, WalletNotFoundError } from '@pc2/core'
import type { AbortOptions, VaultFileResponse, VaultSealResponse, VaultSignTransactionResponse, VaultTransaction, VaultWalletResponse } from '@pc2/core'

export interface VaultClient {
  getFile (cid: string, options?: AbortOptions): Promise<VaultFileResponse>
  seal (cid: string, recipientPublicKey: Uint8Array, options?: AbortOptions): Promise<Uint8Array>
  /** The wallet, or undefined while the vault has none. */
  getWallet (options?: AbortOptions): Promise<VaultWalletResponse | undefined>
  createWallet (options?: AbortOptions): Promise<{ wallet: VaultWalletResponse, created: boolean }>
  signTransaction (transaction: VaultTransaction, options?: AbortOptions): Promise<VaultSignTransactionResponse>
}

const knownErrors: Record<string, new (message: string, options?: { details?: Record<string, unknown> }) => Pc2Error> = {
  FileKeyNotFoundError,
  WalletNotFoundError,
  InvalidInputError,
  VaultCorruptError
}

export function vaultClient (socketPath: string): VaultClient {
  const call = async (method: string, path: string, body: unknown, options: AbortOptions): Promise<{ status: number, json: any }> => {
    const response = await send(socketPath, method, path, body, options.signal)
    if (response.status < 400) return response
    const error = response.json?.error as { name?: string, message?: string, details?: Record<string, unknown> } | undefined
    const Known = knownErrors[error?.name ?? '']
    const message = error?.message ?? `pc2-vault answered ${response.status}`
    if (Known !== undefined) throw new Known(message, error?.details === undefined ? {} : { details: error.details })
    throw new UnavailableError(`pc2-vault refused ${method} ${path.split('/')[1] ?? ''}: ${message}`, { details: { vaultError: error?.name ?? null } })
  }
  return {
    getFile: async (cid, options = {}) => (await call('GET', `/files/${encodeURIComponent(cid)}`, undefined, options)).json as VaultFileResponse,
    seal: async (cid, recipientPublicKey, options = {}) => {
      const body = { recipientPublicKey: Buffer.from(recipientPublicKey).toString('base64url') }
      const { sealedKey } = (await call('POST', `/files/${encodeURIComponent(cid)}/seal`, body, options)).json as VaultSealResponse
      return new Uint8Array(Buffer.from(sealedKey, 'base64url'))
    },
    getWallet: async (options = {}) => {
      try {
        return (await call('GET', '/wallet', undefined, options)).json as VaultWalletResponse
      } catch (error) {
        if (error instanceof WalletNotFoundError) return undefined
        throw error
      }
    },
    createWallet: async (options = {}) => {
      const response = await call('POST', '/wallet', undefined, options)
      return { wallet: response.json as VaultWalletResponse, created: response.status === 201 }
    },
    signTransaction: async (transaction, options = {}) =>
      (await call('POST', '/wallet/sign-transaction', { transaction }, options)).json as VaultSignTransactionResponse
  }
}

async function send (socketPath: string, method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<{ status: number, json: any }> {
  const text = body === undefined ? undefined : JSON.stringify(body)
  const headers: Record<string, string> = text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }
  return await new Promise((resolve, reject) => {
    const outgoing = request({ socketPath, method, path, headers, agent: false, timeout: 30_000, ...(signal === undefined ? {} : { signal }) }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => { chunks.push(chunk) })
      response.on('error', reject)
      response.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        try {
          resolve({ status: response.statusCode ?? 0, json: raw === '' ? undefined : JSON.parse(raw) })
        } catch {
          reject(new UnavailableError(`pc2-vault answered ${method} with something that is not JSON`))
        }
      })
    })
    outgoing.on('timeout', () => { outgoing.destroy(new Error('timed out')) })
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (signal?.aborted === true) reject(signal.reason)
      else reject(new UnavailableError(`pc2-vault is not answering on ${socketPath}: ${error.code ?? error.message}`, { details: { socket: socketPath }, cause: error }))
    })
    outgoing.end(text)
  })
}
