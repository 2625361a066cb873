// GET /files: every file the vault holds a key for, without the keys.

import { jsonReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'
import { listFiles } from '../store/list-files.ts'

export const listFilesRoute: VaultHandler<'GET /files'> = async ({ vault, signal }) => jsonReply({ files: await listFiles(vault, { signal }) })
