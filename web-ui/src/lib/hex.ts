/** `0x`-prefixed hex of the UTF-8 bytes of `text`, as `personal_sign` expects its message. */
export function utf8ToHex (text: string): string {
  let hex = '0x'
  for (const byte of new TextEncoder().encode(text)) hex += byte.toString(16).padStart(2, '0')
  return hex
}
