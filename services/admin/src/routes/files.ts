// The owner's files: what pc2-ipfs has pinned, named from what pc2-vault keeps (names
// travel encrypted; only the owner's session sees them here).

import { emptyReply, jsonReply } from '@pc2/core'
import type { FileEntry, FileKeyResponse, FileList, Reply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'
import { checkCid } from './file-input.ts'

export async function listFiles ({ admin, signal }: OwnerRouteContext): Promise<Reply> {
  const [{ pins }, { files }] = await Promise.all([
    admin.clients.ipfs.call('GET /pins', { signal }),
    admin.clients.vault.call('GET /files', { signal })
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
  return jsonReply<FileList>({ files: entries })
}

export async function fileKey ({ admin, params, signal }: OwnerRouteContext): Promise<Reply> {
  const cid = checkCid(params.cid ?? '')
  const record = await admin.clients.vault.call('GET /files/:cid', { params: { cid }, signal })
  return jsonReply<FileKeyResponse>({ cid, key: record.key })
}

export async function deleteFile ({ admin, params, signal }: OwnerRouteContext): Promise<Reply> {
  const cid = checkCid(params.cid ?? '')
  await ignoreNotFound(admin.clients.ipfs.call('DELETE /pins/:cid', { params: { cid }, signal }))
  await ignoreNotFound(admin.clients.vault.call('DELETE /files/:cid', { params: { cid }, signal }))
  admin.logger.info('file deleted', { cid })
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
