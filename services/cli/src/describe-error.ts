// The one line `pc2` prints when a command fails, and its exit status. Expected failures
// (every Pc2Error) read as "pc2: <what went wrong>: <details>", naming the problem first so
// that a script or a person can tell a wrong key from a network failure at a glance.
// Anything else is a bug: its message, and its stack only with PC2_DEBUG=1.

import { isPc2Error } from '@pc2/core'
import { InvalidShareLinkError } from '@pc2/core/file-format'
import { InvalidStorefrontLinkError, UsageError } from './errors.ts'

export const exitCodes = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const

/** What each known failure is called in the first words of the message. */
const problemNames: Readonly<Record<string, string>> = {
  WrongKeyError: 'wrong key',
  TamperedFileError: 'damaged',
  TruncatedFileError: 'truncated',
  NotEncryptedFileError: 'not a PC2 file',
  UnsupportedFormatError: 'unsupported file',
  InvalidShareLinkError: 'malformed link',
  ContentNotFoundError: 'not found',
  NetworkError: 'network',
  OutputExistsError: 'file exists',
  OutputError: 'cannot save',
  OwnerKeyError: 'owner key',
  SourceFileError: 'cannot upload',
  UploadResumeError: 'cannot resume',
  UploadSourceError: 'cannot upload',
  NodeApiError: 'refused by the node',
  BuyerKeyError: 'buyer key',
  ListingNotFoundError: 'unknown listing',
  PurchaseNotFoundError: 'unknown purchase',
  ListingNotForSaleError: 'not for sale',
  ListingMismatchError: 'storefront and chain disagree',
  ChainUnavailableError: 'chain unreachable',
  WrongChainError: 'wrong chain',
  InsufficientFundsError: 'insufficient funds',
  ChainTransactionRevertedError: 'reverted',
  DeliveryDeadlinePassedError: 'not delivered in time',
  DeliveredKeyMismatchError: 'bad delivery',
  RefundNotPossibleError: 'cannot refund',
  NotYourPurchaseError: 'not your purchase'
}

export function describeError (error: unknown, debug: boolean): { line: string, exitCode: number } {
  if (error instanceof UsageError) return { line: `pc2: ${error.message}\nRun \`pc2 help\` for usage.`, exitCode: exitCodes.usage }
  if (error instanceof InvalidShareLinkError || error instanceof InvalidStorefrontLinkError) return { line: `pc2: malformed link: ${error.message}`, exitCode: exitCodes.usage }
  if (isPc2Error(error)) {
    const problem = problemNames[error.name]
    return { line: `pc2: ${problem === undefined ? '' : `${problem}: `}${error.message}`, exitCode: exitCodes.failure }
  }
  const text = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error)
  return { line: `pc2: unexpected error: ${text}`, exitCode: exitCodes.failure }
}
