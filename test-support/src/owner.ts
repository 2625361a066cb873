// Becomes the owner of a booted node the way a person does, through the API: read the claim
// code from the console, sign a Sign-In with Ethereum message with a real key, keep the
// session cookie and CSRF token for the calls that follow.
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { waitForAllOnConsole } from './console.ts'
import type { GuestConsole } from './console.ts'
import type { VM } from './qemu/vm.ts'

export interface OwnerSession { cookie: string, csrfToken: string, address: string }

export const CLAIM_CODE = /Claim it in the admin UI with the code:\s+([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})/g

export function newOwner (): PrivateKeyAccount {
  return privateKeyToAccount(generatePrivateKey())
}

export interface ClaimCodeWait {
  /** Count only what the console printed after this many characters (e.g. since a reboot). */
  from?: number
  timeoutMs?: number
}

/**
 * The claim code the node printed most recently on its console, waiting until it has been
 * printed: the banner's lines reach the serial console one after another, and the node
 * answers HTTP before it shows them at all.
 */
export async function claimCodeFromConsole (console: GuestConsole, wait: ClaimCodeWait = {}): Promise<string> {
  const codes = await waitForAllOnConsole(console, CLAIM_CODE, { timeoutMs: wait.timeoutMs ?? 2 * 60_000, ...(wait.from === undefined ? {} : { from: wait.from }) })
  return codes.at(-1)![1]!
}

/** Signs in at a node's origin (`/api/claim` with `{code}`, or `/api/auth/login`). */
export async function signInAt (base: string, account: PrivateKeyAccount, path: string, extra: Record<string, string>): Promise<OwnerSession> {
  const { nonce, chainId } = await (await fetch(`${base}/api/auth/nonce`)).json() as { nonce: string, chainId: number }
  const issuedAt = new Date()
  const message = createSiweMessage({
    domain: new URL(base).host,
    address: account.address,
    statement: 'Sign in to PC2.',
    uri: base,
    version: '1',
    chainId,
    nonce,
    issuedAt,
    expirationTime: new Date(issuedAt.getTime() + 5 * 60_000)
  })
  const signature = await account.signMessage({ message })
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...extra, message, signature })
  })
  if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`)
  const body = await response.json() as { csrfToken: string, address: string }
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  if (!cookie.startsWith('pc2_session=')) throw new Error(`POST ${path} set no session cookie`)
  return { cookie, csrfToken: body.csrfToken, address: body.address }
}

export async function claimNode (vm: VM, account: PrivateKeyAccount, wait: ClaimCodeWait = {}): Promise<OwnerSession> {
  return await signInAt(`http://127.0.0.1:${vm.httpPort}`, account, '/api/claim', { code: await claimCodeFromConsole(vm, wait) })
}

export async function logIn (vm: VM, account: PrivateKeyAccount): Promise<OwnerSession> {
  return await signInAt(`http://127.0.0.1:${vm.httpPort}`, account, '/api/auth/login', {})
}
