// First contact: the owner types the claim code from the node's console and signs with
// their wallet; that wallet becomes the owner.

import { useCallback, useState } from 'preact/hooks'
import { api } from '../../lib/api.ts'
import type { ClaimRequest, SignedInResponse } from '../../lib/api-types.ts'
import { looksLikeClaimCode, normalizeClaimCode } from '../../lib/claim-code.ts'
import type { WalletProof } from '../../lib/sign-in.ts'
import { signInStageLabels, useWalletSignIn } from '../../lib/use-wallet-sign-in.ts'
import { AuthCard } from '../../components/auth-card/index.tsx'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { ProgressButton } from '../../components/progress-button/index.tsx'
import type { PageProps } from '../page-props.ts'

export default function ClaimPage ({ onSessionChange, refreshSession }: PageProps) {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | undefined>(undefined)

  const submit = useCallback(async (proof: WalletProof) =>
    await api.post<SignedInResponse>('/api/claim', { code: normalizeClaimCode(code), message: proof.message, signature: proof.signature } satisfies ClaimRequest), [code])
  const onSignedIn = useCallback((signedIn: SignedInResponse) => {
    onSessionChange({ claimed: true, authenticated: true, ...signedIn })
  }, [onSessionChange])
  const signIn = useWalletSignIn({ statement: 'Claim this PC2 node.', submit, onSignedIn })

  const onSubmit = (event: Event): void => {
    event.preventDefault()
    const normalized = normalizeClaimCode(code)
    if (!looksLikeClaimCode(normalized)) {
      setCodeError('A claim code has 8 letters and digits, like ABCD-EFGH.')
      document.getElementById('claim-code')?.focus()
      return
    }
    setCodeError(undefined)
    setCode(normalized)
    void signIn.start()
  }

  const errorName = (signIn.error as Error | undefined)?.name
  return (
    <AuthCard title="Claim this node" purpose="claim this node">
      <p>This node has no owner yet. The wallet you sign with now becomes its owner: only it can sign in here afterwards.</p>
      <form onSubmit={onSubmit} noValidate>
        <label for="claim-code">Claim code</label>
        <input
          id="claim-code"
          name="code"
          data-testid="claim-code"
          value={code}
          placeholder="ABCD-EFGH"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={12}
          aria-invalid={codeError !== undefined}
          aria-describedby={codeError === undefined ? 'claim-code-help' : 'claim-code-help claim-code-error'}
          onInput={(event) => { setCode(event.currentTarget.value) }}
        />
        <p class="field-help" id="claim-code-help">Shown on the node's screen and serial console. It changes at every boot.</p>
        {codeError !== undefined && <p class="field-error" id="claim-code-error">{codeError}</p>}
        <ProgressButton
          type="submit"
          class="primary"
          data-testid="claim-button"
          busy={signIn.stage !== undefined}
          busyLabel={signIn.stage === undefined ? '' : signInStageLabels[signIn.stage]}
        >
          Connect wallet and claim
        </ProgressButton>
      </form>
      {signIn.error !== undefined && (
        <ErrorNotice error={signIn.error} title="The node was not claimed" testId="sign-in-error">
          {errorName === 'AlreadyClaimedError' && <button type="button" onClick={refreshSession}>Go to sign-in</button>}
        </ErrorNotice>
      )}
    </AuthCard>
  )
}
