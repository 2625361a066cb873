// A directory of `<id>.json` records, held in memory and written through: every save is core's
// writeFileAtomic (temp → fsync → rename → fsync directory), so a power cut leaves the old
// record or the new one. Saves of one id are queued, and each writes the record as it is
// when its turn comes, so the file always ends up as the latest state.

import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { syncDirectory, writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'

export interface JsonDir<T> {
  get (id: string): T | undefined
  values (): T[]
  /** Stores `record` under `id`, in memory at once and on disk when the promise resolves. */
  save (id: string, record: T): Promise<void>
  remove (id: string): Promise<void>
}

export async function openJsonDir<T> (directory: string, options: AbortOptions = {}): Promise<JsonDir<T>> {
  await mkdir(directory, { recursive: true, mode: 0o700 })
  const records = new Map<string, T>()
  for (const name of await readdir(directory)) {
    options.signal?.throwIfAborted()
    if (name.startsWith('.') && name.endsWith('.tmp')) {
      // A temporary left by a power cut: the record it was replacing is still there.
      await unlink(join(directory, name)).catch(() => {})
      continue
    }
    if (!name.endsWith('.json')) continue
    records.set(name.slice(0, -'.json'.length), JSON.parse(await readFile(join(directory, name), 'utf8')) as T)
  }
  const queues = new Map<string, Promise<void>>()
  const enqueue = async (id: string, work: () => Promise<void>): Promise<void> => {
    const next = (queues.get(id) ?? Promise.resolve()).catch(() => {}).then(work)
    queues.set(id, next)
    try {
      await next
    } finally {
      if (queues.get(id) === next) queues.delete(id)
    }
  }
  const path = (id: string): string => join(directory, `${id}.json`)
  return {
    get: (id) => records.get(id),
    values: () => [...records.values()],
    save: async (id, record) => {
      records.set(id, record)
      await enqueue(id, async () => {
        const latest = records.get(id)
        if (latest !== undefined) await writeFileAtomic(path(id), `${JSON.stringify(latest, null, 2)}\n`, { mode: 0o600 })
      })
    },
    remove: async (id) => {
      records.delete(id)
      await enqueue(id, async () => {
        await unlink(path(id)).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error })
        await syncDirectory(directory)
      })
    }
  }
}

/** Records that live only in memory: the shop's state while selling is off (there is none). */
export function memoryJsonDir<T> (): JsonDir<T> {
  const records = new Map<string, T>()
  return {
    get: (id) => records.get(id),
    values: () => [...records.values()],
    save: async (id, record) => { records.set(id, record) },
    remove: async (id) => { records.delete(id) }
  }
}
