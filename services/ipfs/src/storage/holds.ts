// Blocks that work in progress has stored but nothing durable claims yet (a fetch before its
// pin): each piece of work opens a hold, adds block keys to it under the GC lock as it
// stores them, and closes it once the pin is written.

export interface Holds {
  open (): Set<string>
  close (hold: Set<string>): void
  /** Every held key, for the collector. */
  keys (): Iterable<string>
}

export function createHolds (): Holds {
  const open = new Set<Set<string>>()
  return {
    open () {
      const hold = new Set<string>()
      open.add(hold)
      return hold
    },
    close (hold) {
      open.delete(hold)
    },
    * keys () {
      for (const hold of open) yield * hold
    }
  }
}
