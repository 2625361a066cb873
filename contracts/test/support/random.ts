// A small seeded PRNG for property and invariant tests. The seed comes from FUZZ_SEED when set,
// else it is fresh; it is printed so a failing run can be replayed exactly.

import { randomInt } from 'node:crypto'

export class Random {
  readonly seed: number
  private state: number

  constructor (seed: number) {
    this.seed = seed >>> 0
    this.state = this.seed
  }

  /** The next 32 random bits (mulberry32). */
  next32 (): number {
    this.state = (this.state + 0x6D2B79F5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** An integer in [low, high]. */
  int (low: number, high: number): number {
    return low + Math.floor(this.next32() / 2 ** 32 * (high - low + 1))
  }

  /** True with probability `p`. */
  chance (p: number): boolean {
    return this.next32() / 2 ** 32 < p
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing')
    return items[this.int(0, items.length - 1)]!
  }

  /** A uniform bigint in [0, 2^bits). */
  bits (bits: number): bigint {
    let value = 0n
    for (let taken = 0; taken < bits; taken += 32) value = (value << 32n) | BigInt(this.next32())
    return value & ((1n << BigInt(bits)) - 1n)
  }

  /** A bigint in [1, 2^maxBits): first a random bit length, so small and huge values are both common. */
  magnitude (maxBits: number): bigint {
    const value = this.bits(this.int(1, maxBits))
    return value === 0n ? 1n : value
  }
}

/** The generator for this run, announced on stdout with how to replay it. */
export function seededRandom (label: string): Random {
  const fromEnvironment = process.env.FUZZ_SEED
  const seed = fromEnvironment !== undefined && fromEnvironment !== '' ? Number(fromEnvironment) : randomInt(2 ** 31)
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got ${fromEnvironment}`)
  console.log(`# ${label}: seed ${seed} (replay with FUZZ_SEED=${seed})`)
  return new Random(seed)
}
