// POST /uploads { size } → 201 { id, size, offset: 0, blockBytes }

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { createUpload } from '../uploads/create.ts'
import { describeUpload } from '../uploads/uploads.ts'

export async function uploadCreate ({ services, readJson, signal }: RouteContext): Promise<Reply> {
  const session = await createUpload(services.uploads, await readJson(), { signal })
  const { id, size, offset, blockBytes } = describeUpload(session)
  return jsonReply({ id, size, offset, blockBytes }, 201)
}
