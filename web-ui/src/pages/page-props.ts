import type { SessionResponse } from '../lib/api-types.ts'

/** What the shell hands every page. */
export interface PageProps {
  session: SessionResponse
  /** The page learned the session changed (signed in, or found out it is gone). */
  onSessionChange: (session: SessionResponse) => void
  /** Ask the node again (e.g. after "already claimed"). */
  refreshSession: () => void
}
