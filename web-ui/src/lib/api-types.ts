// The shapes of pc2-admin's requests and answers (services/admin/API.md). They live in
// @pc2/core, shared with the server, so both sides break together when the contract moves.

export type {
  AdminStatus, DataStatus, ListeningSocket, RootStatus, SystemState, UnitStatus,
  ClaimRequest, HealthResponse, JournalEntry, JournalResponse, LoginRequest, NonceResponse, PowerAction,
  PowerResponse, SessionResponse, Setting, SettingsResponse, SettingsUpdateRequest, SignedInResponse,
  FetchResult, FileEntry, FileKeyResponse, FileList, FileRecordInput, GarbageCollected, PeerInfo,
  PeersResponse, PlainFileMetadata, StorageUsage, UploadCompleted, UploadCreated, UploadState,
  AppJobResult, AppRunsResponse, AppsResponse, AppView
} from '@pc2/core'
