// What went wrong with a shared file, for the person who clicked the link: they did not
// upload it and may know nothing about the node, so each message says what happened in
// plain words and what they can do. Matched on the error's `name` (FORMAT.md's error
// classes, the gateway's errors), then on the HTTP status.

export interface DownloadProblem {
  /** The error's stable name, for tests and support. */
  name: string
  title: string
  advice: string
  /** Whether trying the same link again may help. */
  retry: boolean
}

const byName: Record<string, Omit<DownloadProblem, 'name'>> = {
  InvalidShareLinkError: {
    title: 'This link is incomplete or damaged.',
    advice: 'A share link looks like …/f/<file id>#k=<long key>. Copy the whole link again from the message you received.',
    retry: false
  },
  WrongKeyError: {
    title: 'The key in this link does not open the file.',
    advice: 'The link was probably changed or cut short. Ask the sender for the link again.',
    retry: false
  },
  TamperedFileError: {
    title: 'The file is damaged or was changed after it was shared.',
    advice: 'Nothing was saved. Try again; if it happens again, ask the sender to share the file anew.',
    retry: true
  },
  TruncatedFileError: {
    title: 'The download stopped before the end of the file.',
    advice: 'Nothing was saved. Try again.',
    retry: true
  },
  NotEncryptedFileError: {
    title: 'This is not a shared PC2 file.',
    advice: 'The link points to something else. Ask the sender for the right link.',
    retry: false
  },
  UnsupportedFormatError: {
    title: 'This file was shared in a newer format than this page can read.',
    advice: 'Ask the sender to update their node, or open the link on the node it came from.',
    retry: false
  },
  BlockNotFoundError: {
    title: 'This file is not on this node.',
    advice: 'It may have been deleted, or the link belongs to another node. Ask the sender.',
    retry: false
  },
  InvalidCidError: {
    title: 'This link does not name a file.',
    advice: 'The part after /f/ is not a valid content identifier. Copy the whole link again.',
    retry: false
  },
  NetworkError: {
    title: 'The node could not be reached.',
    advice: 'Check your connection to the node\'s network, then try again.',
    retry: true
  }
}

const byStatus: Record<number, Omit<DownloadProblem, 'name'>> = {
  400: byName.InvalidCidError as Omit<DownloadProblem, 'name'>,
  404: byName.BlockNotFoundError as Omit<DownloadProblem, 'name'>,
  503: { title: 'The node is busy or restarting.', advice: 'Wait a moment, then try again.', retry: true }
}

export function describeDownloadProblem (error: unknown): DownloadProblem {
  const name = error instanceof Error ? error.name : 'Error'
  const known = byName[name]
  if (known !== undefined) return { name, ...known }
  const status = (error as { status?: unknown } | undefined)?.status
  const forStatus = typeof status === 'number' ? byStatus[status] : undefined
  if (forStatus !== undefined) return { name, ...forStatus }
  return {
    name,
    title: 'The file could not be downloaded.',
    advice: 'Nothing was saved. Try again; if it happens again, tell the sender.',
    retry: true
  }
}
