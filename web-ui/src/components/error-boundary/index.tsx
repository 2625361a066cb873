// The last line of defence: any error thrown while rendering shows a calm message and a
// Reload button instead of a blank page.

import { Component } from 'preact'
import type { ComponentChildren } from 'preact'
import './index.css'

interface ErrorBoundaryState {
  error: Error | undefined
}

export class ErrorBoundary extends Component<{ children?: ComponentChildren }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: undefined }

  static override getDerivedStateFromError (error: unknown): ErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch (error: unknown): void {
    console.error('PC2 admin UI failed:', error)
  }

  override render () {
    const { error } = this.state
    if (error === undefined) return this.props.children
    return (
      <main class="error-boundary" role="alert" data-testid="app-error">
        <h1>Something went wrong</h1>
        <p>The page ran into a problem it could not recover from. Nothing on the node was changed by it.</p>
        <p class="error-boundary__detail"><code>{error.message}</code></p>
        <button type="button" class="primary" data-testid="reload-button" onClick={() => { location.reload() }}>Reload</button>
      </main>
    )
  }
}
