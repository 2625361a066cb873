// Sign-in for the owner: sign a fresh SIWE message with the wallet that claimed the node.

import { useCallback } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import type { LoginRequest, SignedInResponse } from '../../lib/api-types.ts'
import type { WalletProof } from '../../lib/sign-in.ts'
import { signInStageLabels, useWalletSignIn } from '../../lib/use-wallet-sign-in.ts'
import { AuthCard } from '../../components/auth-card/index.tsx'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { ProgressButton } from '../../components/progress-button/index.tsx'
import type { PageProps } from '../page-props.ts'

async function submit (proof: WalletProof): Promise<SignedInResponse> {
  return await api.post<SignedInResponse>('/api/auth/login', { message: proof.message, signature: proof.signature } satisfies LoginRequest)
}

export default function LoginPage ({ onSessionChange, refreshSession }: PageProps) {
  const onSignedIn = useCallback((signedIn: SignedInResponse) => {
    onSessionChange({ claimed: true, authenticated: true, ...signedIn })
  }, [onSessionChange])
  const signIn = useWalletSignIn({ statement: 'Sign in to PC2.', submit, onSignedIn })
  const errorName = (signIn.error as Error | undefined)?.name

  return (
    <AuthCard title="Sign in" purpose="sign in">
      <p>Sign in with the wallet that owns this node. Your wallet asks you to sign a message; this costs nothing and sends no transaction.</p>
      <ProgressButton
        class="primary"
        data-testid="login-button"
        busy={signIn.stage !== undefined}
        busyLabel={signIn.stage === undefined ? '' : signInStageLabels[signIn.stage]}
        onClick={() => { void signIn.start() }}
      >
        Connect wallet and sign in
      </ProgressButton>
      {signIn.error !== undefined && (
        <ErrorNotice error={signIn.error} title="You are not signed in" testId="sign-in-error">
          {errorName === 'NotClaimedError' && <button type="button" onClick={refreshSession}>Claim this node</button>}
        </ErrorNotice>
      )}
    </AuthCard>
  )
}
