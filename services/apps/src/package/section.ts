// An app package is one WebAssembly module that carries its manifest in a custom section
// named `pc2.manifest` (UTF-8 JSON). Custom sections are ignored by every engine, so the
// package runs anywhere a WASI module runs, and one CID addresses the code and what it asks
// for together: nobody can swap the manifest of a module the owner granted.
//
// Binary layout (WebAssembly core spec §5.5): "\0asm" 01 00 00 00, then sections of
// id (1 byte) · size (LEB128 u32) · payload; a custom section (id 0) starts its payload with
// its name (LEB128 length + UTF-8).

import { InvalidPackageError } from '@pc2/core'
import { parseManifest } from '../manifest.ts'
import type { AppManifest } from '../manifest.ts'

export const manifestSectionName = 'pc2.manifest'
export const header = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
const maxManifestBytes = 64 * 1024

export interface Section { id: number, start: number, end: number, name?: string, payloadStart: number }

export function readLeb (bytes: Uint8Array, offset: number): { value: number, next: number } {
  let value = 0
  for (let shift = 0, index = offset; shift < 35; shift += 7, index++) {
    if (index >= bytes.length) throw new InvalidPackageError('not an app package: the WebAssembly module is cut short')
    const byte = bytes[index] as number
    value += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) return { value, next: index + 1 }
  }
  throw new InvalidPackageError('not an app package: a malformed length in the WebAssembly module')
}

export function writeLeb (value: number): number[] {
  const out: number[] = []
  do {
    let byte = value & 0x7f
    value = Math.floor(value / 128)
    if (value !== 0) byte |= 0x80
    out.push(byte)
  } while (value !== 0)
  return out
}

export function sections (bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || header.some((byte, index) => bytes[index] !== byte)) {
    throw new InvalidPackageError('not an app package: the file is not a WebAssembly module (version 1)')
  }
  const found: Section[] = []
  let offset = 8
  while (offset < bytes.length) {
    const id = bytes[offset] as number
    const size = readLeb(bytes, offset + 1)
    const end = size.next + size.value
    if (end > bytes.length) throw new InvalidPackageError('not an app package: a section runs past the end of the module')
    const section: Section = { id, start: offset, end, payloadStart: size.next }
    if (id === 0) {
      const nameLength = readLeb(bytes, size.next)
      section.name = new TextDecoder().decode(bytes.subarray(nameLength.next, nameLength.next + nameLength.value))
      section.payloadStart = nameLength.next + nameLength.value
    }
    found.push(section)
    offset = end
  }
  return found
}

/** The manifest of a package, checked; throws InvalidPackageError or InvalidManifestError. */
export function readManifest (bytes: Uint8Array): AppManifest {
  const manifests = sections(bytes).filter((section) => section.name === manifestSectionName)
  if (manifests.length !== 1) {
    throw new InvalidPackageError(manifests.length === 0
      ? `not an app package: the module has no "${manifestSectionName}" section`
      : `not an app package: the module has ${manifests.length} "${manifestSectionName}" sections`)
  }
  const section = manifests[0] as Section
  if (section.end - section.payloadStart > maxManifestBytes) throw new InvalidPackageError(`not an app package: the manifest is larger than ${maxManifestBytes} bytes`)
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(section.payloadStart, section.end)))
  } catch (error) {
    throw new InvalidPackageError('not an app package: the manifest is not UTF-8 JSON', { cause: error })
  }
  return parseManifest(json)
}

/**
 * The package of `module` with `manifest` (checked first): any earlier manifest section is
 * dropped and the new one appended. The JSON is written in the manifest's own field order,
 * so the same inputs always give the same bytes — and the same CID.
 */
export function packApp (module: Uint8Array, manifest: unknown): Uint8Array {
  const checked = parseManifest(manifest)
  const kept = sections(module).filter((section) => section.name !== manifestSectionName)
  const name = new TextEncoder().encode(manifestSectionName)
  const json = new TextEncoder().encode(JSON.stringify(checked))
  const payload = [...writeLeb(name.length), ...name, ...json]
  return joinBytes([header, ...kept.map((section) => module.subarray(section.start, section.end)), Uint8Array.from([0, ...writeLeb(payload.length), ...payload])])
}

/**
 * The parts one after another, in one new array (a module rebuilt from its sections). Not
 * core's file-format `concat`: importing that would pull libsodium into the runner child.
 */
export function joinBytes (parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) { out.set(part, offset); offset += part.length }
  return out
}
