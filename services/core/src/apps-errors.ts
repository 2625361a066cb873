// The conditions of pc2-apps (services/apps/API.md). Callers and tests match on `name`;
// pc2-admin passes them to the owner as they are.

import { Pc2Error } from './errors.ts'

/** The bytes are not an app package: not WebAssembly, or no valid `pc2.manifest` section. */
export class InvalidPackageError extends Pc2Error {
  override name = 'InvalidPackageError'
  override readonly status = 422
}

/** The manifest breaks a rule; `details.field` names the field and `details.expected` what it must be. */
export class InvalidManifestError extends Pc2Error {
  override name = 'InvalidManifestError'
  override readonly status = 422
}

export class AppNotFoundError extends Pc2Error {
  override name = 'AppNotFoundError'
  override readonly status = 404
}

/** A job was asked to serve a request, or a web app to run as a job. */
export class WrongAppKindError extends Pc2Error {
  override name = 'WrongAppKindError'
  override readonly status = 409
}

/** More app runs are going and waiting than pc2-apps takes at once (run-slots.ts). */
export class AppsBusyError extends Pc2Error {
  override name = 'AppsBusyError'
  override readonly status = 503
}


/** Uninstalling deletes the app's files: the request must repeat the app's name to confirm. */
export class ConfirmationRequiredError extends Pc2Error {
  override name = 'ConfirmationRequiredError'
  override readonly status = 400
}

/** The package's CID names another app than the one being upgraded. */
export class AppNameMismatchError extends Pc2Error {
  override name = 'AppNameMismatchError'
  override readonly status = 409
}

/** A web app's answer was not a CGI response; the client gets 502 and the owner the reason. */
export class BadAppResponseError extends Pc2Error {
  override name = 'BadAppResponseError'
  override readonly status = 502
}

/** pc2-apps-launcher refused a run or a folder, or could not serve it; `message` is its own words. */
export class LaunchRefusedError extends Pc2Error {
  override name = 'LaunchRefusedError'
  override readonly status = 502
}
