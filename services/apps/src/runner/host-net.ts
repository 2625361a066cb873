// The network an app may use, as a host function: WASI preview 1 has no sockets, so an app
// granted destinations makes HTTP requests through `pc2_net.http_request`, which the child
// serves only for a destination the owner granted. It is one layer of two: the run's unit is
// in the app's own nftables chain too (pc2-egress), which lets out nothing else, whatever
// this process did.
//
// The call is synchronous for the app and asynchronous for Node: a worker thread makes the
// request while the app's thread waits on an Atomics word, and the answer comes back through
// a MessagePort read synchronously.
//
// ABI (C, see apps/README.md):
//   __attribute__((import_module("pc2_net"), import_name("http_request")))
//   int32_t http_request(const char *method, size_t method_len, const char *url, size_t url_len,
//                        const uint8_t *body, size_t body_len, uint8_t *out, size_t out_cap,
//                        uint32_t *out_len);
// An answer returns its HTTP status (100–599), the first out_cap bytes of its body in out and
// its whole length in *out_len. A negative return is the host's refusal or failure, with a
// line on the run's stderr that says why.

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'

export const netErrors = { notGranted: -1, failed: -2, badRequest: -3 } as const

export const netLimits = {
  /** One request's time to answer, connection included. */
  timeoutMs: 15_000,
  /** An answer longer than this is cut off and fails (the app gets netErrors.failed). */
  maxAnswerBytes: 16 * 1024 * 1024,
  maxRequestBytes: 4 * 1024 * 1024,
  maxUrlBytes: 8192
} as const

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

interface Ask { id: number, method: string, url: string, body: Uint8Array, keep: number, timeoutMs: number, maxBytes: number }
type Answer = { id: number } & ({ status: number, body: Uint8Array, size: number } | { error: string })

// The worker's own code: plain CommonJS, evaluated, so the bundle needs no second file.
const workerSource = `
const { workerData } = require('node:worker_threads')
const http = require('node:http')
const https = require('node:https')
const signal = new Int32Array(workerData.signal)
workerData.port.on('message', (ask) => {
  let finished = false
  const done = (answer) => {
    if (finished) return
    finished = true
    workerData.port.postMessage({ id: ask.id, ...answer })
    Atomics.store(signal, 0, 1)
    Atomics.notify(signal, 0)
  }
  const url = new URL(ask.url)
  const client = url.protocol === 'https:' ? https : http
  const outgoing = client.request(url, { method: ask.method, timeout: ask.timeoutMs, headers: { 'user-agent': 'pc2-app', 'content-length': ask.body.length } }, (incoming) => {
    const chunks = []
    let size = 0
    let kept = 0
    incoming.on('data', (chunk) => {
      size += chunk.length
      if (size > ask.maxBytes) { outgoing.destroy(new Error('the answer is longer than ' + ask.maxBytes + ' bytes')); return }
      if (kept < ask.keep) { const part = chunk.subarray(0, ask.keep - kept); chunks.push(part); kept += part.length }
    })
    incoming.on('end', () => done({ status: incoming.statusCode, body: Buffer.concat(chunks), size }))
    incoming.on('error', (error) => done({ error: error.message }))
  })
  outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within ' + ask.timeoutMs + ' ms')))
  outgoing.on('error', (error) => done({ error: (error.code ? error.code + ': ' : '') + error.message }))
  outgoing.end(Buffer.from(ask.body))
})
`

/** `host:port` as the owner granted it, lower case; the URL's the same way (default ports filled in). */
function destinationOf (url: URL): string {
  const port = url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port
  return `${url.hostname.toLowerCase()}:${port}`
}

export interface HostNet {
  /** The import object's `pc2_net` module, reading and writing `memory()`. */
  imports (memory: () => WebAssembly.Memory | undefined): Record<string, (...args: number[]) => number>
}

/**
 * The network host functions for one run. `granted` is the app's grant (`host:port`); with
 * none, every request is refused. `report` takes the lines that explain a refusal or failure.
 */
export function hostNet (granted: readonly string[], report: (line: string) => void): HostNet {
  const allowed = new Set(granted.map((destination) => destination.toLowerCase()))
  let channel: { worker: Worker, port: MessagePort, signal: Int32Array } | undefined
  let asked = 0

  const ask = (question: Omit<Ask, 'id'>): Answer => {
    if (channel === undefined) {
      const signal = new Int32Array(new SharedArrayBuffer(4))
      const { port1, port2 } = new MessageChannel()
      const worker = new Worker(workerSource, { eval: true, workerData: { signal: signal.buffer, port: port2 }, transferList: [port2] })
      // The run ends when the app does, whatever the worker holds.
      worker.unref()
      channel = { worker, port: port1, signal }
    }
    const id = ++asked
    Atomics.store(channel.signal, 0, 0)
    channel.port.postMessage({ ...question, id })
    const deadline = performance.now() + question.timeoutMs + 2000
    // An answer to an earlier request that gave up waiting is read past, never taken for this one's.
    while (performance.now() < deadline) {
      Atomics.wait(channel.signal, 0, 0, Math.max(1, deadline - performance.now()))
      Atomics.store(channel.signal, 0, 0)
      for (let received = receiveMessageOnPort(channel.port); received !== undefined; received = receiveMessageOnPort(channel.port)) {
        if ((received.message as Answer).id === id) return received.message as Answer
      }
    }
    return { id, error: `no answer within ${question.timeoutMs} ms` }
  }

  return {
    imports (memory) {
      const bytes = (): Uint8Array => {
        const current = memory()
        if (current === undefined) throw new Error('the module exports no memory')
        return new Uint8Array(current.buffer)
      }
      const text = (pointer: number, length: number, limit: number): string | undefined => {
        const view = bytes()
        if (length > limit || pointer + length > view.length) return undefined
        return Buffer.from(view.subarray(pointer, pointer + length)).toString('utf8')
      }
      return {
        http_request (...signed) {
          // wasm32 pointers and sizes arrive as signed i32: read them as the unsigned they are.
          const [methodPtr, methodLen, urlPtr, urlLen, bodyPtr, bodyLen, outPtr, outCap, outLenPtr] = signed.map((value) => value >>> 0)
          const method = text(methodPtr!, methodLen!, 16)?.toUpperCase()
          const urlText = text(urlPtr!, urlLen!, netLimits.maxUrlBytes)
          const view = bytes()
          if (method === undefined || !methods.has(method)) { report(`refused a request: method ${JSON.stringify(method ?? '?')} is not one of ${[...methods].join(', ')}`); return netErrors.badRequest }
          if (urlText === undefined) { report(`refused a request: the URL is not within the module's memory or is longer than ${netLimits.maxUrlBytes} bytes`); return netErrors.badRequest }
          if (bodyLen! > netLimits.maxRequestBytes || bodyPtr! + bodyLen! > view.length || outPtr! + outCap! > view.length || outLenPtr! + 4 > view.length) { report(`refused ${method} ${urlText}: its body or answer buffer is not within the module's memory (or the body is over ${netLimits.maxRequestBytes} bytes)`); return netErrors.badRequest }
          let url: URL
          try {
            url = new URL(urlText)
          } catch {
            report(`refused a request: ${JSON.stringify(urlText)} is not a URL`)
            return netErrors.badRequest
          }
          if (url.protocol !== 'http:' && url.protocol !== 'https:') { report(`refused ${method} ${urlText}: only http and https URLs`); return netErrors.badRequest }
          const destination = destinationOf(url)
          if (!allowed.has(destination)) {
            report(`refused ${method} ${url.href}: ${destination} was not granted (${allowed.size === 0 ? 'no network was granted' : `granted: ${[...allowed].join(', ')}`})`)
            return netErrors.notGranted
          }
          const answer = ask({ method, url: url.href, body: view.slice(bodyPtr!, bodyPtr! + bodyLen!), keep: outCap!, timeoutMs: netLimits.timeoutMs, maxBytes: netLimits.maxAnswerBytes })
          if ('error' in answer) { report(`${method} ${url.href} failed: ${answer.error}`); return netErrors.failed }
          const out = bytes()
          out.set(answer.body, outPtr!)
          new DataView(out.buffer).setUint32(outLenPtr!, answer.size, true)
          return answer.status
        }
      }
    }
  }
}
