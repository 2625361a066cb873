// GET /api/journal/stream (owner): new journal entries as Server-Sent Events, one
// `data: <JournalEntry JSON>` event each, and a `: keep-alive` comment when idle so that
// proxies and browsers do not take a quiet journal for a dead connection.

import { UnavailableError } from '@pc2/core'
import type { Reply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'
import { followJournal } from '../journal/follow.ts'
import { parseJournalQuery } from '../journal/query.ts'

const eventStream = { 'Content-Type': 'text/event-stream; charset=utf-8' }

export async function journalStream ({ admin, url, signal, stopping, method }: OwnerRouteContext): Promise<Reply> {
  const query = parseJournalQuery(url.searchParams, { follow: true })
  if (method === 'HEAD') return { status: 200, headers: eventStream, body: '' }
  const streams = admin.journal
  if (streams.active >= streams.max) throw new UnavailableError(`at most ${streams.max} journal streams may be open at once`)
  // Ends when the client goes away or the server stops, whichever comes first.
  const listening = AbortSignal.any([signal, stopping])
  const follow = await followJournal(streams.program, query, { signal: listening })
  return {
    status: 200,
    headers: eventStream,
    async stream (write) {
      streams.active++
      const keepAlive = setInterval(() => { write(': keep-alive\n\n').catch(() => {}) }, streams.keepAliveMs)
      try {
        // A slow client holds journalctl back (each entry waits for the socket) instead of filling memory.
        for await (const entry of follow.entries) await write(`data: ${JSON.stringify(entry)}\n\n`)
      } catch (error) {
        if (!listening.aborted) throw error
      } finally {
        clearInterval(keepAlive)
        streams.active--
        const { code, stderr } = await follow.exited
        if (code !== 0 && code !== null && !listening.aborted) {
          admin.logger.warning('journalctl stopped following the journal', { code, stderr: stderr.trim() })
        }
      }
    }
  }
}
