// GET /api/journal (owner): the last entries of the journal, newest last.

import type { JournalResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import { parseJournalQuery } from '../journal/query.ts'
import { readJournal } from '../journal/read.ts'
import type { OwnerContext } from '../router.ts'

export async function journal ({ services, url, signal }: OwnerContext): Promise<Reply> {
  const query = parseJournalQuery(url.searchParams, { follow: false })
  const body: JournalResponse = { entries: await readJournal(services.journal.program, query, { signal }) }
  return jsonReply(body)
}
