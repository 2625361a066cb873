// Runs a bash snippet with a build stage sourced (scripts/image/<stage>.sh) and a target's row
// of the targets table loaded (load_target), as scripts/build-image does, with image.config's
// partition sizes and a fixed root hash; returns what it printed.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const repository = fileURLToPath(new URL('../../..', import.meta.url))
export const rootHash = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'

export async function inStage (target: string, script: string): Promise<string> {
  const prelude = [
    'source scripts/lib/common.sh',
    'source scripts/image/root-image.sh',
    'source scripts/image/disk.sh',
    'source scripts/image/sd.sh',
    `load_target ${target}`,
    'PC2_NAME=PC2 PC2_VERSION=0.1.0 PC2_ESP_MIB=96 PC2_ROOT_MIB=768 PC2_VERITY_MIB=16 PC2_DATA_MIB=256 PC2_KERNEL_CMDLINE=',
    `ROOT_HASH=${rootHash}`
  ].join('\n')
  const { stdout } = await promisify(execFile)('bash', ['-c', `${prelude}\n${script}`], { cwd: repository })
  return stdout
}
