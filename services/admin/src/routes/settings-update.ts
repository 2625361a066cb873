// PUT /api/settings (owner): {values: {name: text}}, all checked before any is written.

import { InvalidInputError, jsonReply } from '@pc2/core'
import type { Reply, SettingsResponse } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'

export async function updateSettings ({ admin, readJson, signal, client }: OwnerRouteContext): Promise<Reply> {
  const body = await readJson()
  if (typeof body !== 'object' || body === null || !('values' in body)) {
    throw new InvalidInputError('the body must be {"values": {"<setting>": "<text>"}}', { details: { setting: null, expected: 'an object with values' } })
  }
  const settings = await admin.settings.update(body.values, { signal })
  admin.logger.notice('settings changed by the owner', { settings: Object.keys(body.values as object).join(','), client })
  const answer: SettingsResponse = { settings }
  return jsonReply(answer)
}
