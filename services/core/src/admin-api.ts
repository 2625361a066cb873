// Bodies of pc2-admin's HTTP API (services/admin/API.md) other than the status document:
// a contract with the web UI, so it lives here rather than inside the admin service.

export interface HealthResponse {
  product: { name: string, id: string, version: string }
  claimed: boolean
}

export interface NonceResponse {
  /** 16 or more letters and digits, for the SIWE message's `nonce`. */
  nonce: string
  /** The chain the SIWE message must name (setting auth.chainId). */
  chainId: number
  /** ISO time after which the nonce is refused. */
  expiresAt: string
}

export interface SessionResponse {
  claimed: boolean
  authenticated: boolean
  address?: string
  csrfToken?: string
  expiresAt?: string
}

/** A signed EIP-4361 message, as `POST /api/auth/login` takes it. */
export interface LoginRequest {
  message: string
  /** 0x-prefixed hex of the `personal_sign` signature. */
  signature: string
}

export interface ClaimRequest extends LoginRequest {
  /** The claim code from the node's console, e.g. `ABCD-EFGH`. */
  code: string
}

/** The answer to a successful claim or login; the session cookie comes with it. */
export interface SignedInResponse {
  /** The owner's address, EIP-55 checksummed. */
  address: string
  /** Send back as `X-CSRF-Token` on every POST, PUT and DELETE. */
  csrfToken: string
  expiresAt: string
}

export interface JournalEntry {
  time: string
  unit: string | null
  /** syslog priority: 0 emerg … 7 debug. */
  priority: number
  pid: number | null
  message: string
}

export interface JournalResponse {
  /** Oldest first, newest last. */
  entries: JournalEntry[]
}

export type PowerAction = 'reboot' | 'poweroff'

export interface PowerResponse {
  accepted: PowerAction
}

export interface Setting {
  name: string
  section: string
  help: string
  /** The table default, as text. */
  default: string
  /** The value in effect after every layer, as it would be written in a .conf file. */
  value: string
  /** Which layer set `value`: the table default, image.config, or a file's path. */
  source: 'default' | 'image' | (string & {})
  /** True when the running service keeps its old value until it restarts. */
  restartRequired: boolean
}

export interface SettingsResponse {
  settings: Setting[]
}

export interface SettingsUpdateRequest {
  values: Record<string, string>
}

// Files, storage and peers (services/admin/API.md, "Files, storage and peers").

export interface PlainFileMetadata {
  name: string
  type: string
  /** Plaintext bytes. */
  size: number
}

export interface FileRecordInput {
  /** The 32-byte file key, unpadded base64url. */
  key: string
  metadata: PlainFileMetadata
}

export interface UploadCompleted {
  cid: string
  /** Ciphertext bytes stored. */
  size: number
  name: string
}

export interface FileEntry {
  cid: string
  /** null when the vault holds no key for this pin (it cannot be shared). */
  name: string | null
  type: string | null
  /** Plaintext bytes, when known. */
  size: number | null
  /** Ciphertext bytes stored. */
  storedBytes: number
  pinned: boolean
  uploadedAt: string
}

export interface FileList {
  files: FileEntry[]
}

export interface FileKeyResponse {
  cid: string
  key: string
}

// /api/uploads, /api/storage and /api/peers answer pc2-ipfs's own shapes, passed through.
export type { FetchResult, GarbageCollected, PeerInfo, PeersResponse, StorageUsage, UploadCreated, UploadState } from './ipfs-api.ts'
