// The one table of image.config keys. Parsing, validation, the shell export and the
// Markdown docs all walk this table; adding a key means adding one row here (and its field
// to ImageConfig, which the compiler then insists on).

import {
  choiceValue, integerValue, listValue, patternValue, textValue
} from './value-parsers.ts'
import type { ValueParser } from './value-parsers.ts'

export const imageTargets = ['x86_64', 'aarch64', 'rpi'] as const
export const imageOutputs = ['disk', 'iso'] as const
export const consolePolicies = ['off', 'debug'] as const

export type ImageTarget = typeof imageTargets[number]
export type ImageOutput = typeof imageOutputs[number]
export type ConsolePolicy = typeof consolePolicies[number]

export interface ImageConfig {
  name: string
  id: string
  version: string
  hostname: string
  targets: ImageTarget[]
  outputs: ImageOutput[]
  debianSuite: string
  espMib: number
  rootMib: number
  verityMib: number
  dataMib: number
  services: string[]
  adminPort: number
  console: ConsolePolicy
  kernelCmdline: string
}

export interface ImageConfigKey<T> {
  /** The name in the file, e.g. PC2_ADMIN_PORT. */
  key: string
  parser: ValueParser<T>
  help: string
}

export type ImageConfigSchema = { readonly [F in keyof ImageConfig]: ImageConfigKey<ImageConfig[F]> }

// Row order is the order of `shell` output and of the docs.
export const imageConfigSchema: ImageConfigSchema = {
  name: { key: 'PC2_NAME', parser: textValue({ allowEmpty: false }), help: 'Product name shown to people (os-release NAME).' },
  id: { key: 'PC2_ID', parser: patternValue(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits and ._- (os-release ID)'), help: 'Machine-readable product id (os-release ID, IMAGE_ID).' },
  version: { key: 'PC2_VERSION', parser: patternValue(/^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/, 'a version like 1.2.3 or 1.2.3-rc.1'), help: 'Product and image version.' },
  hostname: { key: 'PC2_HOSTNAME', parser: patternValue(/^(?=.{1,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'a lower-case host name label (a-z, 0-9, inner -; at most 63)'), help: 'Default host name of a fresh node.' },
  targets: { key: 'PC2_TARGETS', parser: listValue(choiceValue(imageTargets), { allowEmpty: false }), help: 'What `scripts/build-image --target` may build: x86_64 (PC disk and ISO), aarch64 (arm64 UEFI disk), rpi (Raspberry Pi SD card).' },
  outputs: { key: 'PC2_OUTPUTS', parser: listValue(choiceValue(imageOutputs), { allowEmpty: false }), help: 'Image formats to write: disk (GPT raw + qcow2; the SD card, .img.xz and Imager entry for rpi), iso (x86_64 only).' },
  debianSuite: { key: 'PC2_DEBIAN_SUITE', parser: patternValue(/^[a-z]+$/, 'a Debian suite name in lower-case letters'), help: 'Debian suite the root filesystem is assembled from.' },
  espMib: { key: 'PC2_ESP_MIB', parser: integerValue(32, 1024), help: 'EFI system partition size, MiB.' },
  rootMib: { key: 'PC2_ROOT_MIB', parser: integerValue(128, 8192), help: 'Root (read-only image) partition size, MiB.' },
  verityMib: { key: 'PC2_VERITY_MIB', parser: integerValue(1, 512), help: 'dm-verity hash partition size, MiB.' },
  dataMib: { key: 'PC2_DATA_MIB', parser: integerValue(16, 65536), help: 'Initial /data partition size, MiB (grows on first boot).' },
  services: { key: 'PC2_SERVICES', parser: listValue(patternValue(/^[a-z][a-z0-9-]*$/, 'a service short name (a-z, 0-9, -)'), { allowEmpty: true }), help: 'pc2-* services enabled in the image, by short name.' },
  adminPort: { key: 'PC2_ADMIN_PORT', parser: integerValue(1, 65535), help: 'Default TCP port of the admin UI and API (setting admin.port overrides).' },
  console: { key: 'PC2_CONSOLE', parser: choiceValue(consolePolicies), help: 'off = no console login; debug = root shell on serial and tty1 (never ship).' },
  kernelCmdline: { key: 'PC2_KERNEL_CMDLINE', parser: textValue({ allowEmpty: true }), help: 'Extra kernel command line appended to what the build writes.' }
}

export type ImageConfigField = keyof ImageConfig

export function imageConfigFields (): ImageConfigField[] {
  return Object.keys(imageConfigSchema) as ImageConfigField[]
}
