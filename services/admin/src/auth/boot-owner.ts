// Physical-access claim for a node without a screen: `pc2.owner=0x<address>` on the kernel
// command line (on a Raspberry Pi, cmdline.txt on the card's boot partition, which any
// computer can edit after flashing) makes that wallet the owner of an unclaimed node at
// start, instead of a claim code nobody could read. Whoever can edit the command line holds
// the disk, and could reflash it anyway; a node that has an owner ignores the parameter.

import { getAddress, isAddress } from 'viem'

export type BootOwner = { address: string } | { invalid: string } | undefined

export function ownerOnCommandLine (cmdline: string): BootOwner {
  const word = cmdline.split(/\s+/).find((candidate) => candidate.startsWith('pc2.owner='))
  if (word === undefined) return undefined
  const value = word.slice('pc2.owner='.length)
  // Lower case, or mixed case with a valid EIP-55 checksum (a typo in it is caught).
  return isAddress(value) ? { address: getAddress(value) } : { invalid: value }
}
