// The node among its peers: its own peer id and addresses, the peers mDNS found on the LAN
// (PC2 nodes and other IPFS nodes), those it is connected to, and fetching a CID from them.
// Refreshes every 5 s while visible.

import { useEffect, useState } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import type { FetchResult, PeerInfo, PeersResponse } from '../../lib/api-types.ts'
import { formatBytes, formatClockTime, shortenHash } from '../../lib/format.ts'
import { useAction, useRemoteData } from '../../lib/use-remote-data.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { ProgressButton } from '../../components/progress-button/index.tsx'
import './index.css'

export const peersRefreshMs = 5000

function PeerKind ({ pc2 }: { pc2: boolean }) {
  return pc2 ? <span class="badge ok">PC2 node</span> : <span class="badge muted">IPFS peer</span>
}

function PeerId ({ peerId }: { peerId: string }) {
  return <code title={peerId}>{shortenHash(peerId, 16)}</code>
}

function Addresses ({ addresses, testId }: { addresses: readonly string[], testId?: string }) {
  return <ul class="peers-page__addresses" data-testid={testId}>{addresses.map((address) => <li key={address}><code>{address}</code></li>)}</ul>
}

function useElapsedSeconds (running: boolean): number {
  const [seconds, setSeconds] = useState(0)
  useEffect(() => {
    setSeconds(0)
    if (!running) return
    const started = Date.now()
    const timer = setInterval(() => { setSeconds(Math.floor((Date.now() - started) / 1000)) }, 1000)
    return () => { clearInterval(timer) }
  }, [running])
  return seconds
}

function FetchForm ({ peers }: { peers: readonly PeerInfo[] }) {
  const [cid, setCid] = useState('')
  const [peerId, setPeerId] = useState('')
  const [result, setResult] = useState<FetchResult | undefined>(undefined)
  const fetchCid = useAction(async (wanted: string) => {
    setResult(undefined)
    setResult(await api.post<FetchResult>('/api/peers/fetch', peerId === '' ? { cid: wanted } : { cid: wanted, peerId }))
  })
  const elapsed = useElapsedSeconds(fetchCid.busy)

  const submit = (event: Event): void => {
    event.preventDefault()
    const wanted = cid.trim()
    if (wanted !== '') void fetchCid.run(wanted)
  }

  return (
    <form class="fetch-form" onSubmit={submit} aria-labelledby="fetch-heading">
      <h2 id="fetch-heading">Fetch a CID</h2>
      <p class="field-help">Copies content from a peer to this node and pins it. Every block is checked against its CID before it is stored.</p>
      <div class="fetch-form__fields">
        <div class="fetch-form__field fetch-form__field--wide">
          <label for="fetch-cid">CID</label>
          <input id="fetch-cid" data-testid="fetch-cid" value={cid} required spellcheck={false} autocomplete="off" placeholder="bafy…" onInput={(event) => { setCid(event.currentTarget.value) }} />
        </div>
        <div class="fetch-form__field">
          <label for="fetch-peer">From</label>
          <select id="fetch-peer" data-testid="fetch-peer" value={peerId} onChange={(event) => { setPeerId(event.currentTarget.value) }}>
            <option value="">Any peer that has it</option>
            {peers.map((peer) => <option key={peer.peerId} value={peer.peerId}>{shortenHash(peer.peerId, 16)}{peer.pc2 ? ' (PC2)' : ''}</option>)}
          </select>
        </div>
      </div>
      <ProgressButton type="submit" class="primary" busy={fetchCid.busy} busyLabel={`Fetching… ${elapsed} s`} disabled={cid.trim() === ''} data-testid="fetch-submit">Fetch</ProgressButton>
      {result !== undefined && (
        <p class="ok" data-testid="fetch-result">
          Fetched <code>{shortenHash(result.cid, 20)}</code> ({formatBytes(result.size)})
          {result.from.via === 'local' ? ': this node had it already' : <> from <PeerId peerId={result.from.peerId} /> over {result.from.via === 'car' ? 'its gateway' : 'bitswap'}</>}. It is pinned on this node.
        </p>
      )}
      {fetchCid.error !== undefined && <ErrorNotice error={fetchCid.error} title="Could not fetch it" testId="fetch-error" />}
    </form>
  )
}

export default function PeersPage () {
  const peers = useRemoteData(async (signal) => await api.get<PeersResponse>('/api/peers', { signal }), { refreshMs: peersRefreshMs })
  const data = peers.data
  return (
    <div class="peers-page">
      <div class="title-bar">
        <h1>Peers</h1>
        {peers.updatedAt !== undefined && <p class="muted">Updated {formatClockTime(peers.updatedAt)}</p>}
      </div>
      {peers.error !== undefined && <ErrorNotice error={peers.error} title={data === undefined ? 'Could not load the peers' : 'Showing the last known peers'} testId="peers-error" />}
      {data === undefined
        ? peers.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading peers…</p>
        : (
          <>
            <section class="card" aria-labelledby="self-heading">
              <h2 id="self-heading">This node</h2>
              <dl class="facts">
                <dt>Peer ID</dt><dd><code data-testid="peer-self-id">{data.self.peerId}</code></dd>
                <dt>Addresses</dt>
                <dd>
                  {data.self.addresses.length === 0
                    ? <span class="muted">Not listening.</span>
                    : <Addresses addresses={data.self.addresses} testId="peer-self-addresses" />}
                </dd>
              </dl>
            </section>

            <section class="card" aria-labelledby="discovered-heading">
              <h2 id="discovered-heading">On this network</h2>
              <p class="field-help">Found by mDNS on the local network.</p>
              {data.discovered.length === 0
                ? <p class="muted" data-testid="peers-discovered-empty">No peers found on the local network yet.</p>
                : (
                  <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="discovered-heading">
                    <table data-testid="peers-discovered">
                      <thead><tr><th scope="col">Peer</th><th scope="col">Kind</th><th scope="col">Addresses</th><th scope="col">Last seen</th></tr></thead>
                      <tbody>
                        {data.discovered.map((peer) => (
                          <tr key={peer.peerId} data-testid="peer-row" data-peer-id={peer.peerId} data-pc2={String(peer.pc2)}>
                            <td><PeerId peerId={peer.peerId} /></td>
                            <td><PeerKind pc2={peer.pc2} /></td>
                            <td><Addresses addresses={peer.addresses} /></td>
                            <td>{peer.lastSeen === undefined ? <span class="muted">never</span> : formatClockTime(new Date(peer.lastSeen))}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  )}
            </section>

            <section class="card" aria-labelledby="connected-heading">
              <h2 id="connected-heading">Connected</h2>
              {data.connected.length === 0
                ? <p class="muted" data-testid="peers-connected-empty">Not connected to any peer.</p>
                : (
                  <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="connected-heading">
                    <table data-testid="peers-connected">
                      <thead><tr><th scope="col">Peer</th><th scope="col">Kind</th><th scope="col">Address</th></tr></thead>
                      <tbody>
                        {data.connected.map((peer) => (
                          <tr key={`${peer.peerId} ${peer.address}`} data-peer-id={peer.peerId}>
                            <td><PeerId peerId={peer.peerId} /></td>
                            <td><PeerKind pc2={peer.pc2} /></td>
                            <td><code>{peer.address}</code></td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  )}
            </section>
          </>
          )}
      <section class="card">
        <FetchForm peers={data?.discovered ?? []} />
      </section>
    </div>
  )
}
