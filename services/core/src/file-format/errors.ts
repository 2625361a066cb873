// Why a ciphertext could not be read. Each is its own class so the share page, the CLI and
// the tests can tell a wrong key from a damaged file from a cut-off download; none of them
// ever hands out plaintext it has not authenticated.

import { InvalidInputError } from '../errors.ts'

/** The bytes do not start with the PC2 file magic: not a PC2 encrypted file at all. */
export class NotEncryptedFileError extends InvalidInputError {
  override name = 'NotEncryptedFileError'
}

/** A PC2 file of a format version or with flags this reader does not know. */
export class UnsupportedFormatError extends InvalidInputError {
  override name = 'UnsupportedFormatError'
}

/** The first frame does not open with this key: the link's key is wrong (or the header was damaged). */
export class WrongKeyError extends InvalidInputError {
  override name = 'WrongKeyError'
}

/** A frame after the first failed authentication, or the frames disagree with the metadata. */
export class TamperedFileError extends InvalidInputError {
  override name = 'TamperedFileError'
}

/** The ciphertext ended before its final frame. */
export class TruncatedFileError extends InvalidInputError {
  override name = 'TruncatedFileError'
}

/** Metadata or a key that cannot be encoded (a name too long, a key of the wrong size). */
export class InvalidFileMetadataError extends InvalidInputError {
  override name = 'InvalidFileMetadataError'
}

/** A share link that is not `<origin>/f/<cid>#k=<key>`. */
export class InvalidShareLinkError extends InvalidInputError {
  override name = 'InvalidShareLinkError'
}
