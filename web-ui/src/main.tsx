// Entry point of the admin UI bundle (app-<hash>.js): the error boundary wraps everything,
// so no failure leaves a blank page.

import './global.css'
import { render } from 'preact'
import { App } from './components/app/index.tsx'
import { ErrorBoundary } from './components/error-boundary/index.tsx'

const root = document.getElementById('app')
if (root !== null) {
  // index.html's "Loading…" note is for when this script cannot run; it goes now.
  root.textContent = ''
  render(<ErrorBoundary><App /></ErrorBoundary>, root)
}
