// A fetch for download tests: serves one body like the node's gateway (Content-Length,
// single ranges answered with 206), and can break a reply's body after some bytes the way
// a dropped connection does.

export interface FakeGateway {
  fetch: typeof fetch
  requests: Array<{ url: string, range: string | null }>
  /** For the next replies: error the body after this many bytes. */
  breakAfter: number[]
  /** For the next replies: stop sending (but stay open) after this many bytes. */
  stallAfter: number[]
}

export function fakeGateway (body: Uint8Array | undefined, options: { status?: number, errorName?: string, ignoreRange?: boolean } = {}): FakeGateway {
  const gateway: FakeGateway = {
    requests: [],
    breakAfter: [],
    stallAfter: [],
    fetch: async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input)
      const range = new Headers(init?.headers).get('Range')
      gateway.requests.push({ url, range })
      if (body === undefined || options.status !== undefined) {
        const status = options.status ?? 404
        return new Response(JSON.stringify({ error: { name: options.errorName ?? 'BlockNotFoundError', message: 'not here' } }), { status, headers: { 'Content-Type': 'application/json' } })
      }
      let start = 0
      let status = 200
      const headers = new Headers({ 'Content-Type': 'application/octet-stream' })
      const match = /^bytes=(\d+)-$/.exec(range ?? '')
      if (match?.[1] !== undefined && options.ignoreRange !== true) {
        start = Number(match[1])
        status = 206
        headers.set('Content-Range', `bytes ${start}-${body.byteLength - 1}/${body.byteLength}`)
      }
      const part = body.subarray(start)
      headers.set('Content-Length', String(part.byteLength))
      const cut = gateway.breakAfter.shift()
      const stall = gateway.stallAfter.shift()
      let offset = 0
      const stream = new ReadableStream<Uint8Array>({
        async pull (controller) {
          if (stall !== undefined && offset >= stall) {
            await new Promise(() => { /* never */ })
          }
          if (cut !== undefined && offset >= cut) {
            controller.error(new TypeError('network error'))
            return
          }
          if (offset >= part.byteLength) {
            controller.close()
            return
          }
          const end = Math.min(part.byteLength, offset + 50_000, cut ?? Number.POSITIVE_INFINITY, stall ?? Number.POSITIVE_INFINITY)
          controller.enqueue(part.slice(offset, end))
          offset = end
        }
      })
      return new Response(stream, { status, headers })
    }
  }
  return gateway
}
