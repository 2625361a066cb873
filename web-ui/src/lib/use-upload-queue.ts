// The app's one upload queue, and a hook that re-renders with it. While anything is on its
// way, closing or reloading the tab asks first: an upload cannot be picked up again later.

import { useEffect, useState } from 'preact/hooks'
import { uploadFile } from './upload-file.ts'
import { UploadQueue } from './upload-queue.ts'
import type { UploadEntry } from './upload-queue.ts'

export const uploadQueue = new UploadQueue(uploadFile)

function warnBeforeLeaving (event: BeforeUnloadEvent): void {
  event.preventDefault()
}

let warning = false
uploadQueue.subscribe(() => {
  if (uploadQueue.busy === warning) return
  warning = uploadQueue.busy
  if (warning) addEventListener('beforeunload', warnBeforeLeaving)
  else removeEventListener('beforeunload', warnBeforeLeaving)
})

export function useUploadQueue (): readonly UploadEntry[] {
  const [entries, setEntries] = useState(() => uploadQueue.entries)
  useEffect(() => {
    setEntries(uploadQueue.entries)
    return uploadQueue.subscribe(setEntries)
  }, [])
  return entries
}
