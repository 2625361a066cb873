// Share links are `<origin>/f/<cid>#k=<key>` (FORMAT.md). The key comes from the node as
// unpadded base64url already, so building the link needs none of the crypto code; the
// download page reads it with the file format's parseShareLink.

export function shareLinkFor (origin: string, cid: string, key: string): string {
  return `${origin.replace(/\/+$/, '')}/f/${encodeURIComponent(cid)}#k=${key}`
}
