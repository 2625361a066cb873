// The shape of pc2-admin's `GET /api/status`: a contract with the web UI, the QEMU tests
// and the benchmark, so it lives here rather than inside the admin service.

export type SystemState =
  'initializing' | 'starting' | 'running' | 'degraded' | 'maintenance' | 'stopping' | 'offline' | 'unknown'

export interface ProductStatus {
  name: string
  id: string
  version: string
  hostname: string
}

/** What the node runs on. */
export interface HardwareStatus {
  /** The kernel's machine name: `x86_64`, `aarch64`. */
  architecture: string
  /** The board or machine, as its device tree or DMI tables name it ("Raspberry Pi 4 Model B Rev 1.4"), or null. */
  model: string | null
}

export interface VerityStatus {
  enabled: boolean
  /** Kernel block device name, e.g. dm-0. */
  device: string | null
  /** Device-mapper name, e.g. pc2-root. */
  name: string | null
  /** The root hash the boot asked for (kernel parameter pc2.roothash), when verity is active. */
  rootHash: string | null
}

export interface RootStatus {
  source: string
  fsType: string
  readOnly: boolean
  verity: VerityStatus
}

export interface DataStatus {
  path: string
  /** Whether `path` is itself a mount point; if not, the other fields describe the filesystem holding it. */
  mounted: boolean
  source: string | null
  fsType: string | null
  /** True when writes land in RAM (tmpfs) and are lost at power-off. */
  volatile: boolean
  totalBytes: number
  freeBytes: number
  availableBytes: number
}

export interface SystemStatus {
  state: SystemState
  failedUnits: string[]
}

export interface UnitStatus {
  name: string
  description: string
  load: string
  active: string
  sub: string
  result: string
  memoryBytes: number | null
}

export interface ListeningSocket {
  protocol: 'tcp' | 'udp'
  family: 'ipv4' | 'ipv6'
  address: string
  port: number
}

export interface AdminStatus {
  product: ProductStatus
  uptimeSeconds: number
  bootId: string
  machineId: string | null
  hardware: HardwareStatus
  root: RootStatus
  data: DataStatus
  system: SystemStatus
  units: UnitStatus[]
  listening: ListeningSocket[]
  generatedAt: string
}

/** Body of every error response of every pc2 HTTP API. */
export interface ErrorResponse {
  error: { name: string, message: string }
}
