// The node's X25519 key pair, so that others can seal things to this node
// (crypto_box_seal). identity.json keeps the public key in the clear and the secret key
// wrapped under the node key, with the public key in the additional data: a secret key
// cannot be paired with another public key unnoticed. (No CID contains a space, so this
// additional data can never equal a file record's.)

import { readFile } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { VaultCorruptError, writeFileAtomic } from '@pc2/core'
import { decodeBase64Url } from '@pc2/core/file-format'
import { encodeBase64Url } from '../base64url.ts'
import type { NodeCipher } from '../cipher.ts'
import type { Sodium } from '../sodium.ts'
import type { VaultPaths } from './paths.ts'

export interface NodeIdentity {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

interface IdentityFile {
  publicKey: string
  wrappedSecretKey: string
  createdAt: string
}

const additionalData = (publicKey: string): string => `pc2-vault identity ${publicKey}`

export async function loadIdentity (sodium: Sodium, cipher: NodeCipher, paths: VaultPaths, options: AbortOptions = {}): Promise<NodeIdentity> {
  let text: string
  try {
    text = await readFile(paths.identity, { encoding: 'utf8', signal: options.signal })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    return await createIdentity(sodium, cipher, paths, options)
  }
  const corrupt = (why: string): VaultCorruptError =>
    new VaultCorruptError(`${paths.identity} ${why}`, { details: { path: paths.identity } })
  let stored: Partial<IdentityFile>
  try {
    stored = JSON.parse(text) as Partial<IdentityFile>
  } catch {
    throw corrupt('is not JSON')
  }
  const publicKey = typeof stored.publicKey === 'string' ? decodeBase64Url(stored.publicKey) : undefined
  const wrapped = typeof stored.wrappedSecretKey === 'string' ? decodeBase64Url(stored.wrappedSecretKey) : undefined
  if (publicKey === undefined || wrapped === undefined || stored.publicKey === undefined) throw corrupt('lacks publicKey or wrappedSecretKey')
  const secretKey = cipher.unwrap(wrapped, additionalData(stored.publicKey))
  if (secretKey === undefined) throw corrupt('does not authenticate under the node key')
  if (!sodium.memcmp(sodium.crypto_scalarmult_base(secretKey), publicKey)) throw corrupt('holds a secret key that does not match its public key')
  return { publicKey, secretKey }
}

async function createIdentity (sodium: Sodium, cipher: NodeCipher, paths: VaultPaths, options: AbortOptions): Promise<NodeIdentity> {
  const { publicKey, privateKey } = sodium.crypto_box_keypair()
  const encodedPublicKey = encodeBase64Url(publicKey)
  const file: IdentityFile = {
    publicKey: encodedPublicKey,
    wrappedSecretKey: encodeBase64Url(cipher.wrap(privateKey, additionalData(encodedPublicKey))),
    createdAt: new Date().toISOString()
  }
  await writeFileAtomic(paths.identity, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, ...options })
  return { publicKey, secretKey: privateKey }
}
