// Bodies of pc2-vault's HTTP API (services/vault/API.md): a contract with pc2-admin and
// pc2-shop, which call it over its Unix socket. Binary values are unpadded base64url.

import type { Endpoint, NoContentEndpoint } from './http/api-contract.ts'

export interface VaultFileMetadata {
  name: string
  type: string
  /** Plaintext bytes. */
  size: number
}

export interface VaultIdentityResponse {
  /** X25519 public key (32 bytes) for crypto_box_seal to this node. */
  publicKey: string
}

export interface VaultPutFileRequest {
  /** The file key, 32 bytes. */
  key: string
  metadata: VaultFileMetadata
}

export interface VaultPutFileResponse {
  cid: string
}

export interface VaultFileSummary {
  cid: string
  metadata: VaultFileMetadata
  createdAt: string
}

export interface VaultFileListResponse {
  files: VaultFileSummary[]
}

export interface VaultFileResponse extends VaultFileSummary {
  key: string
}

export interface VaultSealRequest {
  /** The recipient's X25519 public key, 32 bytes. */
  recipientPublicKey: string
}

export interface VaultSealResponse {
  /** crypto_box_seal(key, recipientPublicKey): 32 + 48 bytes. */
  sealedKey: string
}

/**
 * The node's hot wallet (secp256k1), kept wrapped under the node key like every other
 * secret: pc2-shop asks the vault to sign its transactions and never sees the private key.
 */
export interface VaultWalletResponse {
  /** EIP-55 checksummed. */
  address: `0x${string}`
  createdAt: string
}

/** An EIP-1559 transaction; integers as decimal strings (they outgrow JSON numbers). */
export interface VaultTransaction {
  chainId: number
  nonce: number
  to: `0x${string}`
  data: `0x${string}`
  value: string
  gas: string
  maxFeePerGas: string
  maxPriorityFeePerGas: string
}

export interface VaultSignTransactionRequest {
  transaction: VaultTransaction
}

export interface VaultSignTransactionResponse {
  /** The serialized signed transaction, ready for eth_sendRawTransaction. */
  signedTransaction: `0x${string}`
  /** keccak256 of signedTransaction: the transaction hash. */
  hash: `0x${string}`
}

/** Every service's `GET /health` on its socket: it is up. */
export interface ServiceHealth {
  ok: true
}

/** pc2-vault's routes (API.md): what each takes and answers. */
export interface VaultApi {
  'GET /health': Endpoint<ServiceHealth>
  'GET /identity': Endpoint<VaultIdentityResponse>
  'GET /files': Endpoint<VaultFileListResponse>
  /** 201 when stored, 200 when the same record was there. */
  'PUT /files/:cid': Endpoint<VaultPutFileResponse, VaultPutFileRequest>
  'GET /files/:cid': Endpoint<VaultFileResponse>
  'DELETE /files/:cid': NoContentEndpoint
  'POST /files/:cid/seal': Endpoint<VaultSealResponse, VaultSealRequest>
  'GET /wallet': Endpoint<VaultWalletResponse>
  /** 201 with the wallet made, 200 with the one there. */
  'POST /wallet': Endpoint<VaultWalletResponse>
  'POST /wallet/sign-transaction': Endpoint<VaultSignTransactionResponse, VaultSignTransactionRequest>
}
