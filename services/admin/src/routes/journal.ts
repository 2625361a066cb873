// GET /api/journal (owner): the last entries of the journal, newest last.

import type { JournalResponse, Reply } from '@pc2/core'
import { jsonReply } from '@pc2/core'
import { parseJournalQuery } from '../journal/query.ts'
import { readJournal } from '../journal/read.ts'
import type { OwnerRouteContext } from '../context.ts'

export async function journal ({ admin, url, signal }: OwnerRouteContext): Promise<Reply> {
  const query = parseJournalQuery(url.searchParams, { follow: false })
  const body: JournalResponse = { entries: await readJournal(admin.journal.program, query, { signal }) }
  return jsonReply(body)
}
