// Uploads of ciphertext (API.md, "Files, storage and peers"). The bytes stream through to
// pc2-ipfs, which acknowledges only what it has fsynced; the completing call also hands the
// file key to pc2-vault, so an upload is never "done" without its key.

import { emptyReply, InvalidInputError, jsonReply, PayloadTooLargeError } from '@pc2/core'
import type { Reply, UploadCompleted } from '@pc2/core'
import { proxyReply } from '../backends/proxy.ts'
import type { OwnerRouteContext } from '../context.ts'
import { checkCid, fileKeyRecord } from './file-input.ts'

/** Per request: a browser sends 8 MiB, the CLI 16 MiB; a request this size still resumes cheaply. */
export const uploadRequestLimitBytes = 64 * 1024 * 1024

export async function createUpload ({ admin, readJson, signal }: OwnerRouteContext): Promise<Reply> {
  const body = await readJson() as { size?: unknown }
  // pc2-ipfs checks the size and names the field when it is wrong.
  return jsonReply(await admin.clients.ipfs.call('POST /uploads', { json: { size: body?.size as number }, signal }), 201)
}

export async function uploadStatus (context: OwnerRouteContext): Promise<Reply> {
  return jsonReply(await context.admin.clients.ipfs.call('GET /uploads/:id', { params: { id: uploadId(context) }, signal: context.signal }))
}

export async function uploadBytes (context: OwnerRouteContext): Promise<Reply> {
  const type = (context.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/octet-stream') throw new InvalidInputError('upload bytes must be sent as Content-Type: application/octet-stream')
  const length = Number(context.headers['content-length'])
  if (!Number.isSafeInteger(length) || length < 0) throw new InvalidInputError('an upload request needs a Content-Length')
  if (length > uploadRequestLimitBytes) throw new PayloadTooLargeError(`an upload request may carry at most ${uploadRequestLimitBytes} bytes`)
  const offset = context.url.searchParams.get('offset') ?? ''
  if (!/^\d+$/.test(offset)) throw new InvalidInputError('the offset parameter must be a whole number of bytes', { details: { parameter: 'offset' } })
  const response = await context.admin.clients.ipfs.request({
    method: 'PUT',
    path: `/uploads/${uploadId(context)}?offset=${offset}`,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) },
    body: context.body,
    signal: context.signal
  })
  return proxyReply(response)
}

export async function completeUpload (context: OwnerRouteContext): Promise<Reply> {
  const { key, metadata } = fileKeyRecord(await context.readJson())
  const { admin, signal } = context
  const done = await admin.clients.ipfs.call('POST /uploads/:id/complete', { params: { id: uploadId(context) }, signal })
  checkCid(done.cid)
  await admin.clients.vault.call('PUT /files/:cid', { params: { cid: done.cid }, json: { key, metadata }, signal })
  admin.logger.info('file stored', { cid: done.cid, bytes: done.size })
  return jsonReply<UploadCompleted>({ cid: done.cid, size: done.size, name: metadata.name }, 201)
}

export async function abortUpload (context: OwnerRouteContext): Promise<Reply> {
  await context.admin.clients.ipfs.call('DELETE /uploads/:id', { params: { id: uploadId(context) }, signal: context.signal })
  return emptyReply()
}

function uploadId (context: OwnerRouteContext): string {
  const id = context.params.id ?? ''
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new InvalidInputError(`"${id}" is not an upload id`)
  return id
}
