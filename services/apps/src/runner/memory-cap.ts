// The memory grant, written into the module itself: every memory the module defines gets
// its maximum lowered to the granted pages before it is compiled, so memory.grow past the
// grant fails inside the engine (it returns -1) whatever the engine. Cheaper than V8's
// --wasm-max-mem-pages, which made every run ~20 ms slower here.
//
// Memory section (id 5): count, then per memory: flags (bit 0: has max; bit 1: shared;
// bit 2: 64-bit), min, [max] — all LEB128 (WebAssembly core spec §5.3.4, §5.5.8).

import { InvalidPackageError } from '@pc2/core'
import { header, joinBytes, readLeb, sections, writeLeb } from '../package/section.ts'

export class MemoryGrantTooSmallError extends InvalidPackageError {
  override name = 'MemoryGrantTooSmallError'
}

export function capMemory (module: Uint8Array, maxPages: number): Uint8Array {
  const parts: Uint8Array[] = [header]
  for (const section of sections(module)) {
    if (section.id !== 5) { parts.push(module.subarray(section.start, section.end)); continue }
    let offset = section.payloadStart
    const count = readLeb(module, offset)
    offset = count.next
    const payload: number[] = [...writeLeb(count.value)]
    for (let index = 0; index < count.value; index++) {
      const flags = module[offset] as number
      if ((flags & ~0x03) !== 0) throw new InvalidPackageError('the module uses 64-bit memory, which apps may not')
      const min = readLeb(module, offset + 1)
      offset = min.next
      let max = maxPages
      if ((flags & 0x01) !== 0) {
        const declared = readLeb(module, offset)
        offset = declared.next
        max = Math.min(declared.value, maxPages)
      }
      if (min.value > maxPages) throw new MemoryGrantTooSmallError(`the module needs ${min.value * 64} KiB of memory to start, more than the ${maxPages * 64} KiB granted`)
      payload.push(flags | 0x01, ...writeLeb(min.value), ...writeLeb(max))
    }
    parts.push(Uint8Array.from([5, ...writeLeb(payload.length), ...payload]))
  }
  return joinBytes(parts)
}
