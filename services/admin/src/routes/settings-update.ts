// PUT /api/settings (owner): {values: {name: text}}, all checked before any is written.

import { InvalidInputError } from '@pc2/core'
import type { SettingsResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { OwnerContext } from '../router.ts'

export async function updateSettings ({ services, readJson, signal, client }: OwnerContext): Promise<Reply> {
  const body = await readJson()
  if (typeof body !== 'object' || body === null || !('values' in body)) {
    throw new InvalidInputError('the body must be {"values": {"<setting>": "<text>"}}', { details: { setting: null, expected: 'an object with values' } })
  }
  const settings = await services.settings.update(body.values, { signal })
  services.logger.notice('settings changed by the owner', { settings: Object.keys(body.values as object).join(','), client })
  const answer: SettingsResponse = { settings }
  return jsonReply(answer)
}
