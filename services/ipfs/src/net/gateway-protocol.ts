// `/pc2/gateway/1.0.0`: how PC2 nodes tell each other where their trustless gateway is. The
// answering side writes one JSON line, { "gatewayPort": <port> }, and closes; the dialer
// pairs the port with the IP it is connected to. Bitswap moves ~10 MiB/s between two
// nodes; the gateway's CAR over plain HTTP moves hundreds, so PC2 peers fetch that way.

import type { Libp2p, PeerId } from '@libp2p/interface'
import type { AbortOptions } from '@pc2/core'

export const gatewayProtocol = '/pc2/gateway/1.0.0'

const maxLineBytes = 1024

export async function serveGatewayProtocol (libp2p: Libp2p, gatewayPort: number): Promise<void> {
  const line = new TextEncoder().encode(`${JSON.stringify({ gatewayPort })}\n`)
  await libp2p.handle(gatewayProtocol, async (stream) => {
    stream.send(line)
    await stream.close()
  })
}

/** The port of the peer's gateway; throws if the peer does not speak the protocol or answers nonsense. */
export async function askGatewayPort (libp2p: Libp2p, peer: PeerId, options: AbortOptions = {}): Promise<number> {
  const stream = await libp2p.dialProtocol(peer, gatewayProtocol, options)
  let text = ''
  try {
    for await (const chunk of stream) {
      text += Buffer.from(chunk.subarray()).toString('utf8')
      // One line is all there is; the remote's close does not end this iteration by itself.
      if (text.includes('\n') || text.length > maxLineBytes) break
    }
  } finally {
    await stream.close(options).catch(() => { stream.abort(new Error('closing')) })
  }
  const port = (JSON.parse(text.split('\n')[0] ?? '') as { gatewayPort?: unknown }).gatewayPort
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TypeError(`peer ${peer.toString()} sent no valid gatewayPort: ${text.slice(0, 100)}`)
  }
  return port
}
