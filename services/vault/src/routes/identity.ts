// GET /identity: the node's X25519 public key, for sealing things to this node.

import { jsonReply } from '@pc2/core'
import { encodeBase64Url } from '../base64url.ts'
import type { VaultHandler } from '../context.ts'

export const identity: VaultHandler<'GET /identity'> = async ({ vault }) => jsonReply({ publicKey: encodeBase64Url(vault.identity.publicKey) })
