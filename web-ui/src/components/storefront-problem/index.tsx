// An error on the storefront's public pages, worded for a visitor (lib/purchase-errors.ts):
// they cannot restart services or change settings, so the owner's hints do not apply.

import type { ComponentChildren } from 'preact'
import { describeStorefrontProblem } from '../../lib/purchase-errors.ts'

export function StorefrontProblem ({ error, testId, children }: { error: unknown, testId: string, children?: ComponentChildren }) {
  const problem = describeStorefrontProblem(error)
  return (
    <div class="error-notice" role="alert" data-testid={testId} data-error-name={problem.name}>
      <p class="error-notice__title">{problem.title}</p>
      <p>{problem.advice}</p>
      {children}
    </div>
  )
}
