// Whether this node knows the time. A PC sets its clock from its real-time clock at boot; a
// Raspberry Pi has none, so until NTP answers (and on a LAN without internet, never) its
// clock is the last time it saved, or the image's build time — possibly days behind the
// owner's browser. A sign-in message's times can then not be judged against it.

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ClockPaths {
  /** Made by systemd-timesyncd once NTP has set the clock this boot. */
  timesyncSynchronized: string
  /** The kernel's real-time clocks; `hctosys` is 1 for the one that set the clock at boot. */
  rtcClass: string
}

export function clockIsKnown (paths: ClockPaths): boolean {
  if (existsSync(paths.timesyncSynchronized)) return true
  let clocks: string[]
  try {
    clocks = readdirSync(paths.rtcClass)
  } catch {
    return false
  }
  return clocks.some((clock) => {
    try {
      return readFileSync(join(paths.rtcClass, clock, 'hctosys'), 'utf8').trim() === '1'
    } catch {
      return false
    }
  })
}
