// Run-time settings from the node's one settings table, grouped by section. Save sends
// only what changed; a value the node refuses is shown next to its field and nothing is
// written (API.md: PUT /api/settings).

import { useState } from 'preact/hooks'
import { api, ApiError } from '../../lib/api.ts'
import type { Setting, SettingsResponse, SettingsUpdateRequest } from '../../lib/api-types.ts'
import { changedValues, describeSource, groupBySection } from '../../lib/settings-form.ts'
import { useRemoteData } from '../../lib/use-remote-data.ts'
import { ErrorNotice } from '../../components/error-notice/index.tsx'
import { ProgressButton } from '../../components/progress-button/index.tsx'
import './index.css'

function fieldId (name: string): string {
  return `setting-${name}`
}

interface FieldError {
  message: string
  expected: string | undefined
}

function SettingField ({ setting, draft, error, onInput }: { setting: Setting, draft: string, error: FieldError | undefined, onInput: (value: string) => void }) {
  const id = fieldId(setting.name)
  const changed = draft !== setting.value
  return (
    <div class="setting" data-testid={`setting-row-${setting.name}`}>
      <label for={id}><code>{setting.name}</code></label>
      <p class="field-help" id={`${id}-help`}>{setting.help}</p>
      <input
        id={id}
        name={setting.name}
        data-testid={id}
        value={draft}
        spellcheck={false}
        autocomplete="off"
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-help ${id}-facts${error === undefined ? '' : ` ${id}-error`}`}
        onInput={(event) => { onInput(event.currentTarget.value) }}
      />
      {error !== undefined && (
        <p class="field-error" id={`${id}-error`} data-testid={`setting-error-${setting.name}`}>
          {error.message}{error.expected !== undefined && <><br />Expected: {error.expected}</>}
        </p>
      )}
      <p class="field-help" id={`${id}-facts`}>
        Current value <code>{setting.value === '' ? '(empty)' : setting.value}</code> ({describeSource(setting.source)}). Default <code>{setting.default}</code>.
        {changed && <span class="setting__changed"> Changed, not saved yet.</span>}
        {setting.restartRequired && <span class="setting__restart"> Takes effect after a restart.</span>}
      </p>
    </div>
  )
}

export default function SettingsPage () {
  const remote = useRemoteData(async (signal) => await api.get<SettingsResponse>('/api/settings', { signal }))
  const settings = remote.data?.settings
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const [fieldErrors, setFieldErrors] = useState<Record<string, FieldError>>({})
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<unknown>(undefined)
  const [savedMessage, setSavedMessage] = useState<string | undefined>(undefined)

  if (settings === undefined) {
    return (
      <>
        <h1>Settings</h1>
        {remote.error !== undefined
          ? <ErrorNotice error={remote.error} title="Could not load the settings"><button type="button" onClick={remote.reload}>Try again</button></ErrorNotice>
          : <p class="loading" aria-busy="true"><span class="spinner" aria-hidden="true" />Loading settings…</p>}
      </>
    )
  }

  const changed = changedValues(settings, drafts)
  const changedNames = Object.keys(changed)

  const save = async (event: Event): Promise<void> => {
    event.preventDefault()
    if (changedNames.length === 0) return
    setSaving(true)
    setSaveError(undefined)
    setFieldErrors({})
    setSavedMessage(undefined)
    try {
      const answer = await api.put<SettingsResponse>('/api/settings', { values: changed } satisfies SettingsUpdateRequest)
      remote.replace(answer)
      setDrafts({})
      const needRestart = settings.filter((setting) => setting.restartRequired && changedNames.includes(setting.name)).map((setting) => setting.name)
      setSavedMessage(`Saved ${changedNames.length === 1 ? '1 setting' : `${changedNames.length} settings`}.` +
        (needRestart.length > 0 ? ` ${needRestart.join(', ')} take${needRestart.length === 1 ? 's' : ''} effect after a restart.` : ''))
    } catch (error) {
      const setting = error instanceof ApiError ? error.details?.setting : undefined
      if (error instanceof ApiError && typeof setting === 'string' && settings.some((known) => known.name === setting)) {
        const expected = error.details?.expected
        // The server's message often says what it expected already; do not say it twice.
        const extra = typeof expected === 'string' && !error.message.includes(expected) ? expected : undefined
        setFieldErrors({ [setting]: { message: error.message, expected: extra } })
        document.getElementById(fieldId(setting))?.focus()
      } else {
        setSaveError(error)
      }
    } finally {
      setSaving(false)
    }
  }

  return (
    <form class="settings" onSubmit={(event) => { void save(event) }} noValidate>
      <h1>Settings</h1>
      <p class="muted">Values are written to the node's settings file exactly as typed here.</p>
      {groupBySection(settings).map(({ section, settings: sectionSettings }) => (
        <fieldset class="card settings__section" key={section}>
          <legend>{section}</legend>
          {sectionSettings.map((setting) => (
            <SettingField
              key={setting.name}
              setting={setting}
              draft={drafts[setting.name] ?? setting.value}
              error={fieldErrors[setting.name]}
              onInput={(value) => {
                setDrafts((current) => ({ ...current, [setting.name]: value }))
                setFieldErrors((current) => {
                  const { [setting.name]: _edited, ...others } = current
                  return others
                })
                setSavedMessage(undefined)
              }}
            />
          ))}
        </fieldset>
      ))}
      {saveError !== undefined && <ErrorNotice error={saveError} title="Nothing was saved" />}
      <div class="settings__actions">
        <ProgressButton type="submit" class="primary" data-testid="settings-save" busy={saving} busyLabel="Saving…" disabled={changedNames.length === 0}>
          Save{changedNames.length > 0 && ` (${changedNames.length})`}
        </ProgressButton>
        <button type="button" disabled={changedNames.length === 0 || saving} onClick={() => { setDrafts({}); setFieldErrors({}) }}>Discard changes</button>
        {savedMessage !== undefined && <p class="ok" role="status" data-testid="settings-message">{savedMessage}</p>}
      </div>
    </form>
  )
}
