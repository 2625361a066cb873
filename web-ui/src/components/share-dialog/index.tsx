// A file's share link in a modal dialog, with a Copy button. The link carries the file's
// key after `#`: whoever has the link can read the file, and browsers never send that
// part to a server, so the node serving the ciphertext never sees it.

import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { copyText } from '../../lib/clipboard.ts'
import { ErrorNotice } from '../error-notice/index.tsx'
import './index.css'

export interface ShareDialogProps {
  /** The file being shared; undefined closes the dialog. */
  name: string | undefined
  /** The link once known. */
  link: string | undefined
  error: unknown
  onClose: () => void
}

type CopyState = 'idle' | 'copied' | 'manual'

export function ShareDialog ({ name, link, error, onClose }: ShareDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const field = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<CopyState>('idle')
  const id = useId()
  const open = name !== undefined

  useEffect(() => {
    const element = dialog.current
    if (element === null) return
    if (open && !element.open) element.showModal()
    if (!open && element.open) element.close()
    setCopied('idle')
  }, [open])

  useEffect(() => {
    if (link !== undefined) field.current?.select()
  }, [link])

  const copy = async (): Promise<void> => {
    if (link === undefined) return
    setCopied(await copyText(link, field.current) ? 'copied' : 'manual')
  }

  return (
    <dialog ref={dialog} class="share-dialog" aria-labelledby={`${id}-title`} data-testid="share-dialog" onClose={() => { if (open) onClose() }}>
      <h2 id={`${id}-title`}>Share {name}</h2>
      {error !== undefined && <ErrorNotice error={error} title="Could not get the link" testId="share-error" />}
      {error === undefined && link === undefined && <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Getting the link…</p>}
      {link !== undefined && (
        <>
          <p>Anyone with this link can download and decrypt the file. Send it only to people who should have it.</p>
          <div class="share-dialog__link">
            <label class="visually-hidden" for={`${id}-link`}>Share link</label>
            <input id={`${id}-link`} ref={field} readOnly value={link} spellcheck={false} data-testid="share-link" onFocus={(event) => { event.currentTarget.select() }} />
            <button type="button" class="primary" data-testid="share-copy" onClick={() => { void copy() }}>Copy</button>
          </div>
          <p class="share-dialog__status" role="status" data-testid="share-copied" data-state={copied}>
            {copied === 'copied' && 'Copied to the clipboard.'}
            {copied === 'manual' && 'This browser does not allow copying here: the link is selected, copy it with Ctrl+C (⌘C).'}
          </p>
          <p class="muted">The key is the part after <code>#k=</code>. Browsers never send it to a server; the node stores the file only encrypted.</p>
        </>
      )}
      <div class="share-dialog__actions">
        {link !== undefined && <a class="button" href={link} target="_blank" rel="noopener noreferrer" data-testid="share-open">Open</a>}
        <button type="button" data-testid="share-close" onClick={onClose}>Close</button>
      </div>
    </dialog>
  )
}
