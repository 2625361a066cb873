// The files being uploaded, one at a time, in the order they were chosen. The queue lives
// outside any component, so an upload goes on while the owner looks at another page and
// its progress is there again on return; leaving the site mid-upload asks first.

import type { UploadCompleted } from './api-types.ts'
import type { UploadFileOptions } from './upload-file.ts'
import { TransferRate } from './transfer-progress.ts'

export type UploadEntryState = 'queued' | 'starting' | 'uploading' | 'reconnecting' | 'completing' | 'done' | 'failed' | 'cancelled'

export interface UploadEntry {
  id: number
  name: string
  /** Plaintext bytes. */
  size: number
  state: UploadEntryState
  sentBytes: number
  /** Ciphertext bytes; 0 until the upload starts. */
  totalBytes: number
  bytesPerSecond: number | undefined
  /** The failure (state "failed"), or while reconnecting the error being retried. */
  error: unknown
  result: UploadCompleted | undefined
}

export type UploadFunction = (file: File, options: UploadFileOptions) => Promise<UploadCompleted>

const finished = new Set<UploadEntryState>(['done', 'failed', 'cancelled'])

export function isFinished (entry: UploadEntry): boolean {
  return finished.has(entry.state)
}

interface Job {
  entry: UploadEntry
  file: File
  controller: AbortController
}

export class UploadQueue {
  private jobs: Job[] = []
  private nextId = 1
  private running = false
  private readonly listeners = new Set<(entries: readonly UploadEntry[]) => void>()
  private readonly upload: UploadFunction
  private readonly now: () => number

  constructor (upload: UploadFunction, now: () => number = () => performance.now()) {
    this.upload = upload
    this.now = now
  }

  get entries (): readonly UploadEntry[] {
    return this.jobs.map((job) => job.entry)
  }

  /** True while anything is queued or on its way. */
  get busy (): boolean {
    return this.jobs.some((job) => !isFinished(job.entry))
  }

  subscribe (listener: (entries: readonly UploadEntry[]) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  add (files: Iterable<File>): void {
    for (const file of files) {
      this.jobs.push({ entry: this.newEntry(file), file, controller: new AbortController() })
    }
    this.changed()
    void this.run()
  }

  /** Stops an upload (or takes it off the queue); the node discards what it received. */
  cancel (id: number): void {
    const job = this.jobs.find((candidate) => candidate.entry.id === id)
    if (job === undefined || isFinished(job.entry)) return
    job.controller.abort(new DOMException('The upload was cancelled.', 'AbortError'))
    this.update(job, { state: 'cancelled', bytesPerSecond: undefined })
  }

  /** Starts a failed or cancelled upload again from the beginning (with a new key). */
  retry (id: number): void {
    const job = this.jobs.find((candidate) => candidate.entry.id === id)
    if (job === undefined || (job.entry.state !== 'failed' && job.entry.state !== 'cancelled')) return
    job.entry = this.newEntry(job.file)
    job.controller = new AbortController()
    this.changed()
    void this.run()
  }

  /** Removes finished entries from the list. */
  clearFinished (): void {
    this.jobs = this.jobs.filter((job) => !isFinished(job.entry))
    this.changed()
  }

  private newEntry (file: File): UploadEntry {
    return { id: this.nextId++, name: file.name, size: file.size, state: 'queued', sentBytes: 0, totalBytes: 0, bytesPerSecond: undefined, error: undefined, result: undefined }
  }

  private async run (): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (let job = this.nextJob(); job !== undefined; job = this.nextJob()) await this.runJob(job)
    } finally {
      this.running = false
    }
  }

  private nextJob (): Job | undefined {
    return this.jobs.find((job) => job.entry.state === 'queued')
  }

  private async runJob (job: Job): Promise<void> {
    const { controller } = job
    const rate = new TransferRate()
    this.update(job, { state: 'starting' })
    try {
      const result = await this.upload(job.file, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (controller.signal.aborted) return
          if (progress.phase === 'reconnecting') rate.reset()
          else rate.add(progress.sentBytes, this.now())
          this.update(job, {
            state: progress.phase,
            sentBytes: progress.sentBytes,
            totalBytes: progress.totalBytes,
            bytesPerSecond: progress.phase === 'uploading' ? rate.bytesPerSecond() : undefined,
            error: progress.phase === 'reconnecting' ? progress.lastError : undefined
          })
        }
      })
      if (!controller.signal.aborted) this.update(job, { state: 'done', sentBytes: job.entry.totalBytes, bytesPerSecond: undefined, error: undefined, result })
    } catch (error) {
      if (!controller.signal.aborted) this.update(job, { state: 'failed', bytesPerSecond: undefined, error })
    }
  }

  private update (job: Job, changes: Partial<UploadEntry>): void {
    job.entry = { ...job.entry, ...changes }
    this.changed()
  }

  private changed (): void {
    const entries = this.entries
    for (const listener of this.listeners) listener(entries)
  }
}
