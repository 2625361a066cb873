// What the node runs on: the CPU architecture and, where the firmware names it, the board or
// machine model — a Raspberry Pi says so in its device tree, a PC or VM in its DMI tables.

import { machine } from 'node:os'
import type { HardwareStatus } from '@pc2/core'
import { readOptionalText } from './read.ts'

export async function collectHardware (
  paths: { deviceTreeModel: string, dmiDirectory: string },
  options: { signal?: AbortSignal } = {}
): Promise<HardwareStatus> {
  const [deviceTree, vendor, product] = await Promise.all([
    readOptionalText(paths.deviceTreeModel, options.signal),
    readOptionalText(`${paths.dmiDirectory}/sys_vendor`, options.signal),
    readOptionalText(`${paths.dmiDirectory}/product_name`, options.signal)
  ])
  return { architecture: machine(), model: deviceTreeModelText(deviceTree) ?? dmiModel(vendor, product) }
}

// The device tree's model property is a NUL-terminated string.
function deviceTreeModelText (text: string | undefined): string | null {
  const model = text?.replace(/\0/g, '').trim()
  return model === undefined || model === '' ? null : model
}

function dmiModel (vendor: string | undefined, product: string | undefined): string | null {
  const words = [vendor, product].map((text) => text?.trim() ?? '').filter((text) => text !== '' && !/^(to be filled|default string|system product name)/i.test(text))
  return words.length === 0 ? null : words.join(' ')
}
