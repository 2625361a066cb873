// The body of a GET as one stream that survives a dropped connection: when the body
// breaks off, it asks again with `Range: bytes=<received>-` and carries on where it was.
// The gateway answers ranges (services/ipfs/API.md) and content addressed by a CID never
// changes, so the pieces fit together. A reply that is not the range asked for ends the
// stream with an error instead of splicing in the wrong bytes.

import { sleep } from '@pc2/core/client/sleep'
import { failedReply, networkError } from './api.ts'
import type { ApiError } from './api.ts'

export interface ResumableBody {
  stream: ReadableStream<Uint8Array>
  /** From Content-Length; undefined when the server did not say. */
  totalBytes: number | undefined
}

export interface ResumableFetchOptions {
  signal?: AbortSignal
  /** Further requests after a break, before giving up. */
  maxResumes?: number
  retryDelayMs?: number
  /** A body that delivers nothing for this long counts as broken (a link can die silently). */
  stallTimeoutMs?: number
  onResume?: (receivedBytes: number, attempt: number) => void
  fetch?: typeof fetch
  wait?: (ms: number, signal: AbortSignal) => Promise<void>
}

async function readError (response: Response): Promise<ApiError> {
  return failedReply(response.status, response.statusText, await response.text().catch(() => ''), response.headers.get('Retry-After'))
}

/** The first byte of a 206 reply's `Content-Range: bytes a-b/n`. */
export function rangeStart (contentRange: string | null): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(contentRange?.trim() ?? '')
  return match?.[1] === undefined ? undefined : Number(match[1])
}

export async function resumableFetch (url: string, options: ResumableFetchOptions = {}): Promise<ResumableBody> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const signal = options.signal ?? new AbortController().signal
  const wait = options.wait ?? sleep
  const maxResumes = options.maxResumes ?? 5
  const retryDelayMs = options.retryDelayMs ?? 1000
  const stallTimeoutMs = options.stallTimeoutMs ?? 60_000

  const request = async (headers: Record<string, string>): Promise<Response> => {
    try {
      return await doFetch(url, { headers, signal, cache: 'no-store', credentials: 'omit' })
    } catch (error) {
      if (signal.aborted) throw signal.reason
      throw networkError(`The node did not answer: ${(error as Error).message}`)
    }
  }

  const first = await request({})
  if (!first.ok) throw await readError(first)
  if (first.body === null) throw networkError('The node answered without a body.')
  const length = first.headers.get('Content-Length')
  const totalBytes = length === null || !/^\d+$/.test(length) ? undefined : Number(length)

  let reader = first.body.getReader()
  let received = 0
  let resumes = 0

  /** The next piece of the current body; a stall cancels it and counts as a break. */
  const read = async (): Promise<ReadableStreamReadResult<Uint8Array>> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let timedOut = false
    const stall = (): ApiError => networkError(`Nothing arrived for ${stallTimeoutMs / 1000} s.`)
    const stalled = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true
        reject(stall())
        // Cancelling ends the pending read as "done"; timedOut keeps that from reading as the end.
        reader.cancel().catch(() => { /* gone already */ })
      }, stallTimeoutMs)
    })
    try {
      const result = await Promise.race([reader.read(), stalled])
      if (timedOut) throw stall()
      return result
    } finally {
      clearTimeout(timer)
    }
  }

  /** After a break: a new request for the rest, or an error saying why not. */
  const resume = async (cause: unknown): Promise<void> => {
    for (;;) {
      if (totalBytes === undefined || resumes >= maxResumes) {
        throw networkError(`The connection broke off after ${received} bytes: ${(cause as Error).message}`)
      }
      resumes++
      options.onResume?.(received, resumes)
      await wait(retryDelayMs * resumes, signal)
      let response: Response
      try {
        response = await request({ Range: `bytes=${received}-` })
      } catch (error) {
        if (signal.aborted) throw error
        cause = error
        continue
      }
      if (response.status !== 206 || rangeStart(response.headers.get('Content-Range')) !== received || response.body === null) {
        await response.body?.cancel()
        if (response.status >= 500) {
          cause = await readError(response)
          continue
        }
        throw networkError(`The node could not continue the download at byte ${received} (it answered ${response.status}).`)
      }
      reader = response.body.getReader()
      return
    }
  }

  const stream = new ReadableStream<Uint8Array>({
    async pull (controller) {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>
        try {
          chunk = await read()
        } catch (error) {
          if (signal.aborted) throw signal.reason
          await resume(error)
          continue
        }
        if (chunk.done) {
          controller.close()
          return
        }
        received += chunk.value.byteLength
        controller.enqueue(chunk.value)
        return
      }
    },
    async cancel (reason) {
      await reader.cancel(reason).catch(() => { /* already gone */ })
    }
  })
  return { stream, totalBytes }
}
