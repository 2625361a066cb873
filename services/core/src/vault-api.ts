// Bodies of pc2-vault's HTTP API (services/vault/API.md): a contract with pc2-admin and
// pc2-shop, which call it over its Unix socket. Binary values are unpadded base64url.

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
