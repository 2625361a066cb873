// Copying a share link. The Clipboard API exists only in secure contexts, and the owner
// usually opens the node over plain HTTP on the LAN (http://pc2.local), so the old
// select-and-copy command is the fallback; if both fail the caller says "copy it yourself"
// with the text already selected.

export async function copyText (text: string, field?: HTMLInputElement | null): Promise<boolean> {
  if (typeof navigator.clipboard?.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch { /* not allowed here: fall back */ }
  }
  if (field === undefined || field === null) return false
  field.focus()
  field.select()
  try {
    // Deprecated, but the only copy that works over plain HTTP.
    return document.execCommand('copy')
  } catch {
    return false
  }
}
