// Uploads of ciphertext (API.md, "Files, storage and peers"). The bytes stream through to
// pc2-ipfs, which acknowledges only what it has fsynced; the completing call also hands the
// file key to pc2-vault, so an upload is never "done" without its key.

import { InvalidInputError, PayloadTooLargeError } from '@pc2/core'
import type { UploadCompleted } from '@pc2/core'
import { callService, requestService } from '../backends/service-socket.ts'
import { proxyReply } from '../backends/proxy.ts'
import { jsonReply } from '../http.ts'
import type { AnyReply } from '../http.ts'
import type { OwnerContext } from '../router.ts'
import { checkCid, fileKeyRecord } from './file-input.ts'

/** Per request: a browser sends 8 MiB, the CLI 16 MiB; a request this size still resumes cheaply. */
export const uploadRequestLimitBytes = 64 * 1024 * 1024

export async function createUpload (context: OwnerContext): Promise<AnyReply> {
  const body = await context.readJson() as { size?: unknown }
  return jsonReply(await callService(context.services.backends.ipfs, 'POST', '/uploads', { json: { size: body?.size }, signal: context.signal }), 201)
}

export async function uploadStatus (context: OwnerContext): Promise<AnyReply> {
  return jsonReply(await callService(context.services.backends.ipfs, 'GET', `/uploads/${uploadId(context)}`, { signal: context.signal }))
}

export async function uploadBytes (context: OwnerContext): Promise<AnyReply> {
  const type = (context.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/octet-stream') throw new InvalidInputError('upload bytes must be sent as Content-Type: application/octet-stream')
  const length = Number(context.headers['content-length'])
  if (!Number.isSafeInteger(length) || length < 0) throw new InvalidInputError('an upload request needs a Content-Length')
  if (length > uploadRequestLimitBytes) throw new PayloadTooLargeError(`an upload request may carry at most ${uploadRequestLimitBytes} bytes`)
  const offset = context.url.searchParams.get('offset') ?? ''
  if (!/^\d+$/.test(offset)) throw new InvalidInputError('the offset parameter must be a whole number of bytes', { details: { parameter: 'offset' } })
  const response = await requestService(context.services.backends.ipfs, {
    method: 'PUT',
    path: `/uploads/${uploadId(context)}?offset=${offset}`,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(length) },
    body: context.body,
    signal: context.signal
  })
  return proxyReply(response)
}

export async function completeUpload (context: OwnerContext): Promise<AnyReply> {
  const { key, metadata } = fileKeyRecord(await context.readJson())
  const { backends } = context.services
  const done = await callService<{ cid: string, size: number }>(backends.ipfs, 'POST', `/uploads/${uploadId(context)}/complete`, { signal: context.signal })
  checkCid(done.cid)
  await callService(backends.vault, 'PUT', `/files/${done.cid}`, { json: { key, metadata }, signal: context.signal })
  context.services.logger.info('file stored', { cid: done.cid, bytes: done.size })
  const reply: UploadCompleted = { cid: done.cid, size: done.size, name: metadata.name }
  return jsonReply(reply, 201)
}

export async function abortUpload (context: OwnerContext): Promise<AnyReply> {
  return proxyReply(await requestService(context.services.backends.ipfs, { method: 'DELETE', path: `/uploads/${uploadId(context)}`, signal: context.signal }))
}

function uploadId (context: OwnerContext): string {
  const id = context.params.id ?? ''
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new InvalidInputError(`"${id}" is not an upload id`)
  return id
}
