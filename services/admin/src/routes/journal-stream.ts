// GET /api/journal/stream (owner): new journal entries as Server-Sent Events, one
// `data: <JournalEntry JSON>` event each, and a `: keep-alive` comment when idle so that
// proxies and browsers do not take a quiet journal for a dead connection.

import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { UnavailableError } from '@pc2/core'
import type { AnyReply } from '../http.ts'
import { followJournal } from '../journal/follow.ts'
import { parseJournalQuery } from '../journal/query.ts'
import type { OwnerContext } from '../router.ts'

const eventStream = 'text/event-stream; charset=utf-8'

export async function journalStream ({ services, url, signal, method }: OwnerContext): Promise<AnyReply> {
  const query = parseJournalQuery(url.searchParams, { follow: true })
  if (method === 'HEAD') return { status: 200, contentType: eventStream, body: '' }
  const streams = services.journal
  if (streams.active >= streams.max) throw new UnavailableError(`at most ${streams.max} journal streams may be open at once`)
  // Ends when the client goes away or the server stops, whichever comes first.
  const listening = AbortSignal.any([signal, services.stopping])
  const follow = await followJournal(streams.program, query, { signal: listening })
  return {
    status: 200,
    contentType: eventStream,
    async stream (response: ServerResponse) {
      streams.active++
      const keepAlive = setInterval(() => { response.write(': keep-alive\n\n') }, streams.keepAliveMs)
      try {
        for await (const entry of follow.entries) {
          // A slow client holds journalctl back (readline pauses it) instead of filling memory.
          if (!response.write(`data: ${JSON.stringify(entry)}\n\n`)) await once(response, 'drain', { signal: listening })
        }
      } catch (error) {
        if (!listening.aborted) throw error
      } finally {
        clearInterval(keepAlive)
        streams.active--
        const { code, stderr } = await follow.exited
        if (code !== 0 && code !== null && !listening.aborted) {
          services.logger.warning('journalctl stopped following the journal', { code, stderr: stderr.trim() })
        }
      }
    }
  }
}
