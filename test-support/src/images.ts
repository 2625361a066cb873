// Finds the images that scripts/build-image wrote (out/image.json) for the tests to boot.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const OUT = join(import.meta.dirname, '..', '..', 'out')

export type ImageFile = 'raw' | 'qcow2' | 'iso' | 'xz'

/** image.json's entries: the x86_64 variants by name, other targets as `<variant>-<target>`. */
export type ImageEntry = 'pc2' | 'debug' | 'bare' | 'pc2-aarch64' | 'pc2-rpi'

export interface BuiltImage {
  version: string
  arch: string
  rootHash: string
  kernel: string
  buildSeconds: number
  files: Partial<Record<ImageFile, { path: string, bytes: number }>>
  /** `systemd-analyze security` exposure of each pc2-* unit, scored at build time. */
  exposure?: Record<string, number>
  /** The SBOM's file name in out/. */
  sbom?: string
}

export function builtImage (entry: ImageEntry = 'pc2'): BuiltImage {
  const manifest = JSON.parse(readFileSync(join(OUT, 'image.json'), 'utf8')) as Record<string, BuiltImage>
  const image = manifest[entry]
  if (image === undefined) {
    const [variant, target] = entry.split('-')
    throw new Error(`out/image.json has no ${entry} image: run scripts/build-image${variant === 'pc2' ? '' : ` --variant ${variant}`}${target === undefined ? '' : ` --target ${target}`}`)
  }
  return image
}

export function imagePath (image: BuiltImage, kind: ImageFile): string {
  const file = image.files[kind]
  if (file === undefined) throw new Error(`the ${kind} image was not built (PC2_OUTPUTS in image.config)`)
  return join(OUT, file.path)
}

/**
 * A throwaway qcow2 overlay at `disk` over the built disk image, `size` large (`3G`), as if
 * the image were flashed onto a disk that size: the guest's writes land here, across reboots,
 * and the image stays as built.
 */
export function flashedDisk (image: BuiltImage, disk: string, size: string): string {
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', imagePath(image, 'qcow2'), disk, size])
  return disk
}
