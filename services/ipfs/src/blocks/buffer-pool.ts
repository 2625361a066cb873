// A few block-sized buffers reused for every block a transfer moves. At hundreds of MiB/s a
// fresh buffer per block keeps the garbage collector busier than the disk; and the pool's
// size is the bound on blocks in memory: a writer waits for a free buffer.

export interface BufferPool {
  acquire (): Promise<Buffer>
  release (buffer: Buffer): void
}

export function createBufferPool (count: number, bytes: number): BufferPool {
  const free: Buffer[] = Array.from({ length: count }, () => Buffer.allocUnsafe(bytes))
  const waiting: Array<(buffer: Buffer) => void> = []
  return {
    async acquire () {
      const buffer = free.pop()
      if (buffer !== undefined) return buffer
      return await new Promise<Buffer>((resolve) => { waiting.push(resolve) })
    },
    release (buffer) {
      const waiter = waiting.shift()
      if (waiter !== undefined) waiter(buffer)
      else free.push(buffer)
    }
  }
}
