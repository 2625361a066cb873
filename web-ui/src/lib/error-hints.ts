// What to do about an error, by its stable `name` (API.md). The server's own message is
// always shown too; the hint says what the owner can do next.

const hints: Record<string, string> = {
  NetworkError: 'Check that the node is switched on and on the same network as this device.',
  HttpError: 'Reload the page; if it persists, restart the node.',
  UnauthenticatedError: 'Your session has ended. Sign in again.',
  CsrfError: 'The request did not come from this page as the node expected. Reload the page and try again.',
  InvalidInputError: 'Check the value and try again.',
  TooManyRequestsError: 'Too many attempts. Wait a minute, then try again.',
  DomainMismatchError: 'The node saw a different address than this page shows. Open the node by its address directly, not through a proxy.',
  UriMismatchError: 'The node saw a different address than this page shows. Open the node by its address directly, not through a proxy.',
  ChainIdMismatchError: 'The node expects another chain ID. Reload the page and try again.',
  MessageExpiredError: 'The sign-in request expired. Check that this device\'s clock is right, then try again.',
  NonceInvalidError: 'The sign-in request was already used or is too old. Try again.',
  SignatureInvalidError: 'The signature does not belong to this address. Use a regular wallet account (smart-contract wallets are not supported).',
  AlreadyClaimedError: 'This node already has an owner. Sign in with the owner\'s wallet instead.',
  ClaimCodeInvalidError: 'Check the claim code shown on the node\'s screen or serial console. It changes at every boot.',
  NotClaimedError: 'This node has no owner yet. Claim it first.',
  NotOwnerError: 'This wallet is not the owner of this node.',
  WalletMissingError: 'A browser wallet (e.g. MetaMask) is needed. Install one, then reload this page.',
  WalletRejectedError: 'The request was declined in the wallet. Try again and approve it.',
  WalletBusyError: 'Your wallet already has a request waiting. Open the wallet and answer it.',
  WalletError: 'Your wallet reported a problem. Unlock it, check it has an account, and try again.',
  UnavailableError: 'A service of the node is not running. Check the Services list on the dashboard, or restart the node.',
  QuotaExceededError: 'Delete files you no longer need and collect garbage on the Storage page, or raise ipfs.quota in Settings.',
  UploadResumeError: 'The node lost part of the upload. Start it again.',
  UploadSourceError: 'The file changed while it was being read. Start the upload again once it is saved.',
  NotReadableError: 'The browser could no longer read the file (was it moved or changed?). Choose it again.',
  UploadNotFoundError: 'The node no longer knows this upload (it may have restarted with a reset). Start it again.',
  FileKeyNotFoundError: 'The node has no key for this file, so it cannot be shared.',
  ContentUnavailableError: 'No peer that this node can reach has this content. Check the CID, or connect the peer that has it.',
  InvalidCidError: 'A CID starts with bafy or Qm and is about 50 characters long; check that you copied all of it.',
  NoLicenseError: 'Buy the app from its listing with the wallet you sign in here with; the license arrives with the seller\'s delivery. Then install again.',
  LicenseMismatchError: 'Paste the link the purchase gave you, with its #k= key, and the number of the listing you bought.'
}

export interface ErrorDescription {
  name: string
  message: string
  hint: string | undefined
}

export function describeError (error: unknown): ErrorDescription {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, hint: hints[error.name] }
  }
  return { name: 'Error', message: String(error), hint: undefined }
}
