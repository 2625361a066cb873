// Why a resumable upload stopped on this side (the node's own refusals reach the caller as
// its transport reports them). Each condition its own class, matched on `name`.

import { Pc2Error } from '../errors.ts'

/**
 * The node holds an offset outside the ciphertext this client still has: encryption cannot
 * be rewound, so the upload cannot go on and must start again.
 */
export class UploadResumeError extends Pc2Error {
  override name = 'UploadResumeError'
  override readonly status = 409
}

/** The ciphertext was shorter or longer than announced (the file changed while it was read). */
export class UploadSourceError extends Pc2Error {
  override name = 'UploadSourceError'
  override readonly status = 400
}
