// The claim and login pages' shared flow as a hook: prove the wallet, post the proof,
// report progress at every step and keep the last error for display.

import { useCallback, useState } from 'preact/hooks'
import { api } from './api.ts'
import type { NonceResponse, SignedInResponse } from './api-types.ts'
import { proveWalletOwnership } from './sign-in.ts'
import type { SignInStage, WalletProof } from './sign-in.ts'

export const signInStageLabels: Record<SignInStage, string> = {
  connecting: 'Waiting for your wallet…',
  signing: 'Sign the message in your wallet…',
  checking: 'Checking signature…'
}

export interface WalletSignIn {
  stage: SignInStage | undefined
  error: unknown
  start: () => Promise<void>
}

export function useWalletSignIn (options: {
  statement: string
  submit: (proof: WalletProof) => Promise<SignedInResponse>
  onSignedIn: (signedIn: SignedInResponse) => void
}): WalletSignIn {
  const [stage, setStage] = useState<SignInStage | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const { statement, submit, onSignedIn } = options

  const start = useCallback(async () => {
    setError(undefined)
    try {
      const proof = await proveWalletOwnership({
        statement,
        origin: { host: location.host, origin: location.origin },
        fetchNonce: async () => await api.get<NonceResponse>('/api/auth/nonce'),
        onStage: setStage
      })
      const signedIn = await submit(proof)
      setStage(undefined)
      onSignedIn(signedIn)
    } catch (caught) {
      setStage(undefined)
      setError(caught)
    }
  }, [statement, submit, onSignedIn])

  return { stage, error, start }
}
