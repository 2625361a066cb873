// Power (reboot, power off) and the journal. Loaded on first visit: the journal viewer is
// the heaviest part of the UI.

import { JournalViewer } from '../../components/journal-viewer/index.tsx'
import { PowerControls } from '../../components/power-controls/index.tsx'
import './index.css'

export default function SystemPage () {
  return (
    <div class="system-page">
      <h1>System</h1>
      <section class="card" aria-labelledby="power-heading">
        <h2 id="power-heading">Power</h2>
        <PowerControls />
      </section>
      <section class="card" aria-labelledby="journal-heading">
        <h2 id="journal-heading">Journal</h2>
        <JournalViewer />
      </section>
    </div>
  )
}
