// "Are you sure?" as a native modal <dialog>: the browser keeps focus inside it, makes the
// page behind inert, closes it on Escape and gives focus back afterwards. Cancel, the safe
// answer, has focus first.

import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef } from 'preact/hooks'
import './index.css'

export interface ConfirmDialogProps {
  open: boolean
  title: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  children?: ComponentChildren
}

export function ConfirmDialog ({ open, title, confirmLabel, onConfirm, onCancel, children }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const id = useId()

  useEffect(() => {
    const element = dialog.current
    if (element === null) return
    if (open && !element.open) element.showModal()
    if (!open && element.open) element.close()
  }, [open])

  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid="confirm-dialog"
      // Escape closes the dialog itself; tell the owner so its state follows.
      onClose={() => { if (open) onCancel() }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      <div class="confirm-dialog__actions">
        <button type="button" autofocus data-testid="confirm-cancel" onClick={onCancel}>Cancel</button>
        <button type="button" class="danger primary" data-testid="confirm-accept" onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </dialog>
  )
}
