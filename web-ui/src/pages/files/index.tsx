// The owner's files: upload (button or drag and drop; encrypted in this browser, resumable),
// the list of what the node stores, share links and delete. The encryption code loads with
// the first upload, not with this page.

import { useEffect, useRef, useState } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import type { FileEntry, FileKeyResponse, FileList } from '../../lib/api-types.ts'
import { formatClockTime } from '../../lib/format.ts'
import { shareLinkFor } from '../../lib/share-link.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { uploadQueue, useUploadQueue } from '../../lib/use-upload-queue.ts'
import { ConfirmDialog } from '../../components/confirm-dialog/index.tsx'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { FileDrop } from '../../components/file-drop/index.tsx'
import { displayName, FilesTable } from '../../components/files-table/index.tsx'
import { ShareDialog } from '../../components/share-dialog/index.tsx'
import { UploadList } from '../../components/upload-list/index.tsx'
import './index.css'

interface ShareState {
  file: FileEntry
  link: string | undefined
  error: unknown
}

function useShare () {
  const [share, setShare] = useState<ShareState | undefined>(undefined)
  const request = useRef<AbortController | undefined>(undefined)
  const open = (file: FileEntry): void => {
    request.current?.abort()
    const controller = new AbortController()
    request.current = controller
    setShare({ file, link: undefined, error: undefined })
    api.get<FileKeyResponse>(`/api/files/${encodeURIComponent(file.cid)}/key`, { signal: controller.signal }).then(
      ({ key }) => { if (!controller.signal.aborted) setShare({ file, link: shareLinkFor(location.origin, file.cid, key), error: undefined }) },
      (error: unknown) => { if (!controller.signal.aborted) setShare({ file, link: undefined, error }) })
  }
  const close = (): void => {
    request.current?.abort()
    setShare(undefined)
  }
  useEffect(() => () => request.current?.abort(), [])
  return { share, open, close }
}

export default function FilesPage () {
  const list = useRemoteData(async (signal) => await api.get<FileList>('/api/files', { signal }))
  const uploads = useUploadQueue()
  const { share, open: openShare, close: closeShare } = useShare()
  const [deleting, setDeleting] = useState<FileEntry | undefined>(undefined)
  const [deleteError, setDeleteError] = useState<unknown>(undefined)

  // A finished upload is a new file in the list.
  const doneCount = uploads.filter((entry) => entry.state === 'done').length
  const seenDone = useRef(doneCount)
  useEffect(() => {
    if (doneCount > seenDone.current) list.reload()
    seenDone.current = doneCount
  }, [doneCount])

  const confirmDelete = async (): Promise<void> => {
    const file = deleting
    setDeleting(undefined)
    if (file === undefined) return
    setDeleteError(undefined)
    try {
      await api.delete(`/api/files/${encodeURIComponent(file.cid)}`)
    } catch (error) {
      setDeleteError(error)
    }
    list.reload()
  }

  const files = list.data?.files
  return (
    <div class="files-page">
      <h1>Files</h1>
      <FileDrop onFiles={(chosen) => { uploadQueue.add(chosen) }}>
        <p class="muted">Each file is encrypted in this browser with its own key before it leaves; the node stores only ciphertext.</p>
      </FileDrop>

      <UploadList
        entries={uploads}
        onCancel={(id) => { uploadQueue.cancel(id) }}
        onRetry={(id) => { uploadQueue.retry(id) }}
        onClearFinished={() => { uploadQueue.clearFinished() }}
      />

      <section class="card" aria-labelledby="files-heading">
        <div class="title-bar">
          <h2 id="files-heading">On this node</h2>
          {list.updatedAt !== undefined && <p class="muted">Updated {formatClockTime(list.updatedAt)}</p>}
        </div>
        {deleteError !== undefined && <ErrorNotice error={deleteError} title="Could not delete the file" testId="file-delete-error" />}
        {list.error !== undefined && (
          <ErrorNotice error={list.error} title={files === undefined ? 'Could not load the files' : 'Showing the last known list'} testId="files-error">
            <button type="button" onClick={list.reload}>Try again</button>
          </ErrorNotice>
        )}
        {files === undefined
          ? list.error === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading files…</p>
          : <FilesTable files={files} onShare={openShare} onDelete={(file) => { setDeleteError(undefined); setDeleting(file) }} />}
      </section>

      <ShareDialog name={share === undefined ? undefined : displayName(share.file)} link={share?.link} error={share?.error} onClose={closeShare} />
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting === undefined ? '' : displayName(deleting)}?`}
        confirmLabel="Delete"
        onConfirm={() => { void confirmDelete() }}
        onCancel={() => { setDeleting(undefined) }}
      >
        <p>The node forgets the file's key and unpins it; its share links stop working. The space is freed at the next garbage collection (Storage page).</p>
      </ConfirmDialog>
    </div>
  )
}
