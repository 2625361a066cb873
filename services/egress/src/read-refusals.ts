// Refused packets, read from NFLOG, go into the record and, as they happen, onto the event
// stream as `refused`.

import type { EgressContext } from './context.ts'
import { nflogReader } from './nflog/reader.ts'
import type { NflogReader } from './nflog/reader.ts'

export interface ReadRefusalsOptions {
  /** The tcpdump binary. */
  command?: string
  /** Put in front of the command (nsenter in tests). */
  prefix?: string[]
}

/** Starts reading; resolves once tcpdump listens on the group. */
export async function readRefusals (egress: EgressContext, options: ReadRefusalsOptions = {}): Promise<NflogReader> {
  const reader = nflogReader({
    group: egress.machine.logGroup,
    logger: egress.logger,
    ...(options.command === undefined ? {} : { command: options.command }),
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    onPacket: (packet) => {
      const attempt = egress.record.add(packet)
      if (attempt !== undefined) egress.events.publish({ event: 'refused', data: attempt })
    }
  })
  await reader.start()
  return reader
}
