// Everything a service may be handed at construction. Each service states the part it
// needs with Pick<Components, …>, so its dependencies are visible in its type and a test
// builds only those.

import type { ImageConfig } from './image-config-schema.ts'
import type { Logger } from './log.ts'
import type { Notifier } from './notify.ts'
import type { Settings } from './settings-table.ts'

export interface Components {
  logger: Logger
  imageConfig: ImageConfig
  settings: Settings
  notifier: Notifier
}

/** The options bag every asynchronous method accepts. */
export interface AbortOptions {
  signal?: AbortSignal
}
