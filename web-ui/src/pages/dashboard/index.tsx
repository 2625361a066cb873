// What the node is doing right now: version, uptime, root and storage, services and open
// ports. Refreshes every 5 s while the tab is visible.

import { api } from '../../lib/api.ts'
import type { AdminStatus, DataStatus, ListeningSocket, RootStatus, SystemState, UnitStatus } from '../../lib/api-types.ts'
import { formatBytes, formatClockTime, formatUptime, shortenHash } from '../../lib/format.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { UsageBar } from '../../components/usage-bar/index.tsx'
import './index.css'

export const dashboardRefreshMs = 5000

const stateTone: Partial<Record<SystemState, string>> = { running: 'ok', degraded: 'bad', maintenance: 'bad', starting: 'warn', initializing: 'warn', stopping: 'warn' }

function activeTone (active: string): string {
  if (active === 'active') return 'ok'
  if (active === 'failed') return 'bad'
  if (active === 'activating' || active === 'deactivating' || active === 'reloading') return 'warn'
  return 'muted'
}

function RootCard ({ root }: { root: RootStatus }) {
  return (
    <section class="card" aria-labelledby="root-heading">
      <h2 id="root-heading">Root filesystem</h2>
      <dl class="facts">
        <dt>Read-only</dt><dd class={root.readOnly ? 'ok' : 'warn'} data-testid="root-read-only">{root.readOnly ? 'yes' : 'no'}</dd>
        <dt>dm-verity</dt><dd class={root.verity.enabled ? 'ok' : 'muted'} data-testid="root-verity">{root.verity.enabled ? 'on' : 'off'}</dd>
        {root.verity.rootHash !== null && <><dt>Root hash</dt><dd><code title={root.verity.rootHash}>{shortenHash(root.verity.rootHash)}</code></dd></>}
        <dt>Filesystem</dt><dd>{root.fsType} <span class="muted">on {root.source}</span></dd>
      </dl>
    </section>
  )
}

function StorageCard ({ data }: { data: DataStatus }) {
  const used = Math.max(0, data.totalBytes - data.freeBytes)
  return (
    <section class="card" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage <code class="muted">{data.path}</code></h2>
      {data.volatile && <p class="warn" data-testid="storage-volatile">In RAM (live session): files are lost at power-off.</p>}
      <UsageBar used={used} total={data.totalBytes} label={`${data.path} used`} />
      <p data-testid="storage-usage">{formatBytes(used)} used of {formatBytes(data.totalBytes)} <span class="muted">({formatBytes(data.availableBytes)} available)</span></p>
      {data.fsType !== null && <p class="muted">{data.fsType}{data.source !== null && ` on ${data.source}`}</p>}
    </section>
  )
}

function UnitsTable ({ units }: { units: readonly UnitStatus[] }) {
  return (
    <section class="card dashboard__wide" aria-labelledby="units-heading">
      <h2 id="units-heading">Services</h2>
      {units.length === 0
        ? <p class="muted">No PC2 units reported.</p>
        : (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="units-heading">
            <table data-testid="units-table">
              <thead><tr><th scope="col">Unit</th><th scope="col">State</th><th scope="col">Memory</th><th scope="col">Description</th></tr></thead>
              <tbody>
                {units.map((unit) => (
                  <tr key={unit.name}>
                    <td><code>{unit.name}</code></td>
                    <td class={activeTone(unit.active)}>{unit.active} <span class="muted">({unit.sub})</span></td>
                    <td>{unit.memoryBytes === null ? '–' : formatBytes(unit.memoryBytes)}</td>
                    <td>{unit.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          )}
    </section>
  )
}

function socketAddress (socket: ListeningSocket): string {
  return socket.family === 'ipv6' ? `[${socket.address}]:${socket.port}` : `${socket.address}:${socket.port}`
}

function PortsTable ({ sockets }: { sockets: readonly ListeningSocket[] }) {
  const sorted = [...sockets].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
  return (
    <section class="card dashboard__wide" aria-labelledby="ports-heading">
      <h2 id="ports-heading">Listening ports</h2>
      {sorted.length === 0
        ? <p class="muted">None.</p>
        : (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="ports-heading">
            <table data-testid="ports-table">
              <thead><tr><th scope="col">Port</th><th scope="col">Protocol</th><th scope="col">Address</th></tr></thead>
              <tbody>
                {sorted.map((socket) => (
                  <tr key={`${socket.protocol}-${socketAddress(socket)}`}>
                    <td>{socket.port}</td><td>{socket.protocol.toUpperCase()}</td><td><code>{socketAddress(socket)}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          )}
    </section>
  )
}

export function DashboardPage () {
  const status = useRemoteData(async (signal) => await api.get<AdminStatus>('/api/status', { signal }), { refreshMs: dashboardRefreshMs })
  const data = status.data

  return (
    <div class="dashboard">
      <div class="title-bar">
        <h1>Dashboard</h1>
        {status.updatedAt !== undefined && <p class="muted">Updated {formatClockTime(status.updatedAt)}</p>}
      </div>
      {status.error !== undefined && <ErrorNotice error={status.error} title={data === undefined ? 'Could not load the status' : 'Showing the last known status'} />}
      {data === undefined
        ? status.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading status…</p>
        : (
          <div class="dashboard__grid">
            <section class="card" aria-labelledby="node-heading">
              <h2 id="node-heading">Node</h2>
              <dl class="facts">
                <dt>Version</dt><dd data-testid="dashboard-version">{data.product.name} {data.product.version}</dd>
                <dt>Host name</dt><dd>{data.product.hostname}</dd>
                <dt>Hardware</dt><dd data-testid="dashboard-hardware">{data.hardware.model === null ? data.hardware.architecture : `${data.hardware.model} (${data.hardware.architecture})`}</dd>
                <dt>Uptime</dt><dd data-testid="dashboard-uptime">{formatUptime(data.uptimeSeconds)}</dd>
                <dt>State</dt><dd class={stateTone[data.system.state] ?? 'muted'} data-testid="dashboard-state">{data.system.state}</dd>
                {data.system.failedUnits.length > 0 && <><dt>Failed</dt><dd class="bad">{data.system.failedUnits.join(', ')}</dd></>}
              </dl>
            </section>
            <RootCard root={data.root} />
            <StorageCard data={data.data} />
            <UnitsTable units={data.units} />
            <PortsTable sockets={data.listening} />
          </div>
          )}
    </div>
  )
}
