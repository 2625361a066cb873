// The owner's files: what pc2-ipfs has pinned, named from what pc2-vault keeps (names
// travel encrypted; only the owner's session sees them here).

import type { FileEntry, FileList } from '@pc2/core'
import { callService } from '../backends/service-socket.ts'
import { emptyReply, jsonReply } from '../http.ts'
import type { AnyReply } from '../http.ts'
import type { OwnerContext } from '../router.ts'
import { checkCid } from './file-input.ts'

interface Pin { cid: string, size: number, pinnedAt: string }
interface VaultFile { cid: string, metadata: { name: string, type: string, size: number }, createdAt: string }

export async function listFiles (context: OwnerContext): Promise<AnyReply> {
  const { backends } = context.services
  const [{ pins }, { files }] = await Promise.all([
    callService<{ pins: Pin[] }>(backends.ipfs, 'GET', '/pins', { signal: context.signal }),
    callService<{ files: VaultFile[] }>(backends.vault, 'GET', '/files', { signal: context.signal })
  ])
  const keys = new Map(files.map((file) => [file.cid, file]))
  const entries: FileEntry[] = pins.map((pin) => {
    const known = keys.get(pin.cid)
    return {
      cid: pin.cid,
      name: known?.metadata.name ?? null,
      type: known?.metadata.type ?? null,
      size: known?.metadata.size ?? null,
      storedBytes: pin.size,
      pinned: true,
      uploadedAt: known?.createdAt ?? pin.pinnedAt
    }
  })
  entries.sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))
  const reply: FileList = { files: entries }
  return jsonReply(reply)
}

export async function fileKey (context: OwnerContext): Promise<AnyReply> {
  const cid = checkCid(context.params.cid ?? '')
  const record = await callService<{ cid: string, key: string }>(context.services.backends.vault, 'GET', `/files/${cid}`, { signal: context.signal })
  return jsonReply({ cid, key: record.key })
}

export async function deleteFile (context: OwnerContext): Promise<AnyReply> {
  const cid = checkCid(context.params.cid ?? '')
  const { backends } = context.services
  await ignoreNotFound(callService(backends.ipfs, 'DELETE', `/pins/${cid}`, { signal: context.signal }))
  await ignoreNotFound(callService(backends.vault, 'DELETE', `/files/${cid}`, { signal: context.signal }))
  context.services.logger.info('file deleted', { cid })
  return emptyReply()
}

// Deleting is finished when neither service holds the file, whichever step ran before.
async function ignoreNotFound (call: Promise<unknown>): Promise<void> {
  try {
    await call
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
  }
}
