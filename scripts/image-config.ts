// image.config for the shell side of the build. The bash scripts never parse the file
// themselves: they `eval` what `shell` prints, which exists only after every key passed
// the same schema the services use.
//
//   node scripts/image-config.ts shell [FILE]       PC2_KEY='value' lines for eval
//   node scripts/image-config.ts os-release [FILE]  /usr/lib/os-release content
//   node scripts/image-config.ts check [FILE]       exit 0 silently when valid
//   node scripts/image-config.ts docs               Markdown table of the keys
//   node scripts/image-config.ts target-shell TARGET  PC2_TARGET_*='value' lines for eval:
//                                                   the target's row of core's image-targets table
//
// Exit status 2 with `image-config: <problem>` lines on stderr for a bad file or usage.

import { fileURLToPath } from 'node:url'
import { architectureFacts, baseFacts, formatImageConfigValue, imageConfigFields, imageConfigSchema, imageTargetFacts, imageTargets, loadImageConfig, partitionTypes } from '@pc2/core'
import type { ImageConfig, ImageTarget } from '@pc2/core'

const defaultFile = fileURLToPath(new URL('../image.config', import.meta.url))

export function shellAssignments (config: ImageConfig): string {
  return imageConfigFields()
    .map((field) => `${imageConfigSchema[field].key}=${shellQuote(formatImageConfigValue(config[field]))}\n`)
    .join('')
}

/**
 * A target's facts as shell variables, every one always set (empty where it does not apply,
 * so `set -u` scripts can test it), lists separated by spaces.
 */
export function targetShellAssignments (target: ImageTarget): string {
  const facts = imageTargetFacts[target]
  const architecture = architectureFacts[facts.architecture]
  const base = baseFacts(facts.architecture)
  const types = partitionTypes(target)
  const list = (values: readonly string[] | undefined): string => (values ?? []).join(' ')
  const variables: Array<[string, string]> = [
    ['PC2_TARGET', target],
    ['PC2_TARGET_ARCH', facts.architecture],
    ['PC2_TARGET_DEBIAN_ARCH', architecture.debian],
    ['PC2_TARGET_EFI_ARCH', architecture.efi],
    ['PC2_TARGET_FILE_SUFFIX', facts.fileSuffix],
    ['PC2_TARGET_ENTRY_SUFFIX', facts.entrySuffix],
    ['PC2_TARGET_BOOT', facts.boot],
    ['PC2_TARGET_OUTPUTS', list(facts.outputs)],
    ['PC2_TARGET_CONSOLES', facts.consoles.map((console) => `console=${console}`).join(' ')],
    ['PC2_TARGET_PARTITION_TABLE', facts.partitionTable],
    ['PC2_TARGET_BOOT_PARTITION_TYPE', types.boot],
    ['PC2_TARGET_ROOT_PARTITION_TYPE', types.root],
    ['PC2_TARGET_VERITY_PARTITION_TYPE', types.verity],
    ['PC2_TARGET_DATA_PARTITION_TYPE', types.data],
    ['PC2_TARGET_BOOT_PACKAGES', list(architecture.bootPackages)],
    ['PC2_TARGET_BOOT_PARTITION_PACKAGES', list(facts.bootPartitionPackages)],
    ['PC2_TARGET_BASE_COMPONENTS', list(base.debianComponents)],
    ['PC2_TARGET_BASE_BOOT_PARTITION_PACKAGES', list(base.bootPartitionPackages)],
    ['PC2_TARGET_KERNEL_IMAGE', architecture.kernelImage],
    ['PC2_TARGET_NODE_PACKAGE', architecture.nodePackage],
    ['PC2_TARGET_INITRAMFS_MODULES', list(architecture.initramfsModules)],
    ['PC2_TARGET_PI_FIRMWARE', list(facts.raspberryPi?.firmwareFiles)],
    ['PC2_TARGET_PI_DEVICE_TREES', list(facts.raspberryPi?.deviceTrees)],
    ['PC2_TARGET_PI_OPTIONAL_DEVICE_TREES', list(facts.raspberryPi?.optionalDeviceTrees)],
    ['PC2_TARGET_PI_IMAGER_DEVICES', list(facts.raspberryPi?.imagerDevices)],
    ['PC2_TARGET_QEMU_PACKAGES', list(architecture.qemu.debianPackages)]
  ]
  return variables.map(([key, value]) => `${key}=${shellQuote(value)}\n`).join('')
}

/** Single quotes keep everything literal; a quote itself is closed, escaped, reopened. */
export function shellQuote (value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`
}

/** os-release(5): identity fields of the product, derived from image.config. */
export function osRelease (config: ImageConfig): string {
  const fields: Array<[string, string]> = [
    ['NAME', config.name],
    ['ID', config.id],
    ['ID_LIKE', 'debian'],
    ['VERSION', config.version],
    ['VERSION_ID', config.version],
    ['PRETTY_NAME', `${config.name} ${config.version}`],
    ['IMAGE_ID', config.id],
    ['IMAGE_VERSION', config.version],
    // A debug image (root shell on the console) must be recognisable from the image itself.
    ['VARIANT_ID', config.console === 'debug' ? 'debug' : 'production'],
    ['DEFAULT_HOSTNAME', config.hostname]
  ]
  return fields.map(([key, value]) => `${key}=${osReleaseQuote(value)}\n`).join('')
}

/** os-release values are shell-like: quote unless plainly safe, escape \ " $ ` inside quotes. */
export function osReleaseQuote (value: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(value)) return value
  return `"${value.replace(/[\\"$`]/g, (character) => `\\${character}`)}"`
}

export function docsTable (): string {
  const escapeCell = (text: string): string => text.replaceAll('|', '\\|')
  const rows = imageConfigFields().map((field) => {
    const { key, parser, help } = imageConfigSchema[field]
    return `| \`${key}\` | ${escapeCell(parser.expected)} | ${escapeCell(help)} |`
  })
  return ['| Key | Expected | Meaning |', '|---|---|---|', ...rows, ''].join('\n')
}

async function main (argv: string[]): Promise<number> {
  const [command, file = defaultFile, ...extra] = argv
  const usage = 'usage: image-config.ts shell|os-release|check [FILE] | docs | target-shell TARGET'
  if (extra.length > 0 || (command === 'docs' && argv.length > 1)) return fail(usage)
  if (command === 'target-shell') {
    const target = argv[1]
    if (target === undefined) return fail(usage)
    if (!(imageTargets as readonly string[]).includes(target)) return fail(`unknown target "${target}"; expected one of: ${imageTargets.join(', ')}`)
    process.stdout.write(targetShellAssignments(target as ImageTarget))
    return 0
  }
  if (command === 'docs') {
    process.stdout.write(docsTable())
    return 0
  }
  if (command !== 'shell' && command !== 'os-release' && command !== 'check') return fail(usage)
  let config: ImageConfig
  try {
    config = await loadImageConfig(file)
  } catch (error) {
    return fail((error as Error).message)
  }
  if (command === 'shell') process.stdout.write(shellAssignments(config))
  if (command === 'os-release') process.stdout.write(osRelease(config))
  return 0
}

function fail (message: string): number {
  process.stderr.write(message.split('\n').map((line) => `image-config: ${line}\n`).join(''))
  return 2
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
