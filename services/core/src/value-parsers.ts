// The value types shared by every declarative table (image.config, run-time settings).
// A parser knows what it accepts and can say so in words: that sentence is both the error
// text ("expected …") and the documentation, so the two cannot drift apart.

import { isIP } from 'node:net'

export interface ValueParser<T> {
  /** What a valid value looks like, phrased to follow "expected". */
  readonly expected: string
  /** The typed value, or undefined when `raw` is not acceptable. */
  parse (raw: string): T | undefined
}

export function textValue (options: { allowEmpty: boolean }): ValueParser<string> {
  return {
    expected: options.allowEmpty ? 'any text' : 'non-empty text',
    parse: (raw) => (options.allowEmpty || raw.trim() !== '' ? raw : undefined)
  }
}

export function patternValue (pattern: RegExp, expected: string): ValueParser<string> {
  return {
    expected,
    parse: (raw) => (pattern.test(raw) ? raw : undefined)
  }
}

export function integerValue (min: number, max: number): ValueParser<number> {
  return {
    expected: `an integer from ${min} to ${max}`,
    parse: (raw) => {
      if (!/^(0|[1-9][0-9]*)$/.test(raw)) return undefined
      const value = Number(raw)
      return value >= min && value <= max ? value : undefined
    }
  }
}

export function choiceValue<const T extends string> (choices: readonly T[]): ValueParser<T> {
  return {
    expected: `one of: ${choices.join(', ')}`,
    parse: (raw) => choices.find((choice) => choice === raw)
  }
}

/** Whitespace-separated items, each checked by `item`; repeats are refused as likely typos. */
export function listValue<T> (item: ValueParser<T>, options: { allowEmpty: boolean }): ValueParser<T[]> {
  const emptiness = options.allowEmpty ? 'may be empty' : 'at least one'
  return {
    expected: `a space-separated list (${emptiness}), each ${item.expected}`,
    parse: (raw) => {
      const words = raw.split(/\s+/).filter((word) => word !== '')
      if (words.length === 0 && !options.allowEmpty) return undefined
      if (new Set(words).size !== words.length) return undefined
      const values: T[] = []
      for (const word of words) {
        const value = item.parse(word)
        if (value === undefined) return undefined
        values.push(value)
      }
      return values
    }
  }
}

export function ipAddressValue (): ValueParser<string> {
  return {
    expected: 'an IPv4 or IPv6 address literal (:: or 0.0.0.0 for all)',
    parse: (raw) => (isIP(raw) !== 0 ? raw : undefined)
  }
}

const sizeUnits: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }

/** A byte count, optionally with a binary unit: `1048576`, `500M`, `20G` (K, M, G, T = powers of 1024). */
/** A host name (RFC 1123) or an IP address. */
export function hostValue (): ValueParser<string> {
  const name = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
  return {
    expected: 'a host name or an IP address',
    parse: (raw) => (isIP(raw) !== 0 || name.test(raw) ? raw.toLowerCase() : undefined)
  }
}

export function sizeValue (): ValueParser<number> {
  return {
    expected: 'a size in bytes, optionally followed by K, M, G or T (powers of 1024), e.g. 500M or 20G',
    parse: (raw) => {
      const match = /^(0|[1-9][0-9]*)([KMGT]?)$/i.exec(raw)
      if (match === null) return undefined
      const value = Number(match[1]) * (sizeUnits[(match[2] ?? '').toUpperCase()] ?? 1)
      return Number.isSafeInteger(value) ? value : undefined
    }
  }
}

/** `auto` (the service works the value out itself) or whatever `value` accepts. */
/** An http(s) URL with a host, as `URL` understands it (credentials refused, they would be logged). */
export function httpUrlValue (): ValueParser<string> {
  return {
    expected: 'an http:// or https:// URL without a user name or password',
    parse: (raw) => {
      if (!URL.canParse(raw)) return undefined
      const url = new URL(raw)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
      if (url.username !== '' || url.password !== '' || url.hostname === '') return undefined
      return raw
    }
  }
}

/** A 20-byte Ethereum address as 0x + 40 hex digits (any case; the checksum is not required). */
export function ethereumAddressValue (): ValueParser<`0x${string}`> {
  return {
    expected: 'an Ethereum address (0x followed by 40 hex digits)',
    parse: (raw) => (/^0x[0-9a-fA-F]{40}$/.test(raw) ? raw as `0x${string}` : undefined)
  }
}

/** `off`, or a value: for features that stay off until the owner says where to connect. */
export function offOrValue<T> (value: ValueParser<T>): ValueParser<T | 'off'> {
  return {
    expected: `off, or ${value.expected}`,
    parse: (raw) => (raw === 'off' ? 'off' : value.parse(raw))
  }
}

export function autoOrValue<T> (value: ValueParser<T>): ValueParser<T | 'auto'> {
  return {
    expected: `auto or ${value.expected}`,
    parse: (raw) => (raw === 'auto' ? 'auto' : value.parse(raw))
  }
}

/** `"of" is not valid; expected one of: off, debug` — the shared wording of a bad value. */
export function describeInvalid (raw: string, expected: string): string {
  return `${JSON.stringify(raw)} is not valid; expected ${expected}`
}
