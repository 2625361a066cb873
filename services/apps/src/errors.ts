// The conditions of pc2-apps. Callers and tests match on `name`.

import { Pc2Error } from '@pc2/core'

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
