// The INI subset pc2.conf uses: `[section]`, `key = value`, whole-line `#` or `;`
// comments. Values are taken verbatim (trimmed); surrounding double quotes are dropped so
// that `listen = "::"` means what it looks like.

export interface IniEntry {
  section: string | undefined
  key: string
  value: string
  line: number
}

export interface IniResult {
  entries: IniEntry[]
  /** One sentence per bad line, already prefixed with `file:line:`. */
  problems: string[]
}

export function parseIni (text: string, fileName: string): IniResult {
  const entries: IniEntry[] = []
  const problems: string[] = []
  let section: string | undefined
  text.split('\n').forEach((rawLine, index) => {
    const line = index + 1
    const content = rawLine.trim()
    if (content === '' || content.startsWith('#') || content.startsWith(';')) return
    const header = /^\[([A-Za-z0-9_-]+)\]$/.exec(content)
    if (header !== null) {
      section = header[1]
      return
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(content)
    if (pair === null) {
      problems.push(`${fileName}:${line}: not a [section] or key = value line: ${JSON.stringify(content)}`)
      return
    }
    entries.push({ section, key: pair[1] ?? '', value: unquote(pair[2] ?? ''), line })
  })
  return { entries, problems }
}

function unquote (value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
}
