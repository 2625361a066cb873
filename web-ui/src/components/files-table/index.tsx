// The node's files: name, size, whether it is pinned, when it came, and Share / Delete.
// A file whose key the vault does not hold (fetched from a peer, or its record lost) is
// listed by its CID and cannot be shared.

import type { FileEntry } from '../../lib/api-types.ts'
import { formatBytes, formatDateTime, shortenHash } from '../../lib/format.ts'
import './index.css'

export interface FilesTableProps {
  files: readonly FileEntry[]
  onShare: (file: FileEntry) => void
  onDelete: (file: FileEntry) => void
}

export function displayName (file: FileEntry): string {
  return file.name ?? shortenHash(file.cid, 16)
}

export function FilesTable ({ files, onShare, onDelete }: FilesTableProps) {
  if (files.length === 0) return <p class="muted" data-testid="files-empty">No files yet. Upload one above.</p>
  const sorted = [...files].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))
  return (
    <div class="table-scroll files-table__scroll" tabIndex={0} role="region" aria-labelledby="files-heading">
      <table class="files-table" data-testid="files-table">
        <thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col">Pinned</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {sorted.map((file) => (
            <tr key={file.cid} data-testid="file-row" data-cid={file.cid} data-name={file.name ?? ''}>
              <td class="files-table__name">
                <span data-testid="file-name">{displayName(file)}</span>
                <code class="files-table__cid muted" title={file.cid}>{shortenHash(file.cid, 20)}</code>
                {file.name === null && <span class="files-table__note muted">No key on this node: cannot be shared.</span>}
              </td>
              <td data-testid="file-size" title={`${file.storedBytes} bytes stored (encrypted)`}>{formatBytes(file.size ?? file.storedBytes)}</td>
              <td data-testid="file-pinned" class={file.pinned ? 'ok' : 'warn'}>{file.pinned ? 'yes' : 'no'}</td>
              <td data-testid="file-date"><time dateTime={file.uploadedAt}>{formatDateTime(new Date(file.uploadedAt))}</time></td>
              <td>
                <div class="files-table__actions">
                  <button type="button" data-testid="file-share" disabled={file.name === null} onClick={() => { onShare(file) }} aria-label={`Share ${displayName(file)}`}>Share</button>
                  <button type="button" class="danger" data-testid="file-delete" onClick={() => { onDelete(file) }} aria-label={`Delete ${displayName(file)}`}>Delete</button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
