// Where files go in: a drop zone with a "Choose files" button (the keyboard's way in),
// backed by a hidden file input. While it is on screen, a file dropped anywhere else on
// the page is ignored instead of the browser leaving the page to show it.

import type { ComponentChildren } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import './index.css'

export interface FileDropProps {
  onFiles: (files: File[]) => void
  children?: ComponentChildren
}

function hasFiles (event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') === true
}

export function FileDrop ({ onFiles, children }: FileDropProps) {
  const input = useRef<HTMLInputElement>(null)
  // dragenter/dragleave fire for every child crossed; count them to know when it left.
  const depth = useRef(0)
  const [over, setOver] = useState(false)

  useEffect(() => {
    const ignore = (event: DragEvent): void => { if (hasFiles(event)) event.preventDefault() }
    addEventListener('dragover', ignore)
    addEventListener('drop', ignore)
    return () => {
      removeEventListener('dragover', ignore)
      removeEventListener('drop', ignore)
    }
  }, [])

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is for the mouse; the keyboard has the Choose files button inside
    <div
      class={`file-drop${over ? ' file-drop--over' : ''}`}
      data-testid="upload-drop"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        depth.current++
        setOver(true)
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return
        event.preventDefault()
        if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy'
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1)
        if (depth.current === 0) setOver(false)
      }}
      onDrop={(event) => {
        event.preventDefault()
        depth.current = 0
        setOver(false)
        const files = [...(event.dataTransfer?.files ?? [])]
        if (files.length > 0) onFiles(files)
      }}
    >
      <p class="file-drop__title">Drop files here, or</p>
      <button type="button" class="primary" data-testid="upload-button" onClick={() => { input.current?.click() }}>Choose files…</button>
      <input
        ref={input}
        type="file"
        multiple
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="upload-input"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])]
          // Clear it, so choosing the same file again is a change too.
          event.currentTarget.value = ''
          if (files.length > 0) onFiles(files)
        }}
      />
      {children}
    </div>
  )
}
