// The few pages pc2-admin writes itself are HTML built from text: every value escaped.

import type { BytesReply } from '@pc2/core'

export function htmlReply (html: string, status = 200): BytesReply {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html }
}

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
