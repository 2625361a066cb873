// image.config must stay safe to `source` from bash, so its syntax is the small subset of
// shell assignments whose meaning cannot depend on the shell: KEY=word or KEY="text", with
// no expansions ($, backticks), no escapes and no second quoting style.

export interface Assignment {
  key: string
  value: string
  line: number
}

export interface AssignmentsResult {
  assignments: Assignment[]
  /** One sentence per bad line, already prefixed with `file:line:`. */
  problems: string[]
  /** Keys whose line was unreadable, so that they are not reported missing as well. */
  unreadableKeys: Set<string>
}

const forbidden = /[$`\\]/
const bareWord = /^[A-Za-z0-9._:/@%+,=-]*$/
const trailingComment = /^(\s+#.*)?$/

export function readAssignments (text: string, fileName: string): AssignmentsResult {
  const assignments: Assignment[] = []
  const problems: string[] = []
  const unreadableKeys = new Set<string>()
  text.split('\n').forEach((rawLine, index) => {
    const line = index + 1
    const content = rawLine.trim()
    if (content === '' || content.startsWith('#')) return
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(content)
    if (match === null) {
      problems.push(`${fileName}:${line}: not a KEY=VALUE line: ${JSON.stringify(content)}`)
      return
    }
    const key = match[1] ?? ''
    const rest = match[2] ?? ''
    const result = splitValue(rest)
    if ('problem' in result) {
      problems.push(`${fileName}:${line}: ${key}: ${result.problem}`)
      unreadableKeys.add(key)
      return
    }
    assignments.push({ key, value: result.value, line })
  })
  return { assignments, problems, unreadableKeys }
}

function splitValue (rest: string): { value: string } | { problem: string } {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1)
    if (end === -1) return { problem: `${JSON.stringify(rest)} has no closing double quote` }
    const value = rest.slice(1, end)
    if (forbidden.test(value)) return { problem: forbiddenProblem(value) }
    if (!trailingComment.test(rest.slice(end + 1))) {
      return { problem: `${JSON.stringify(rest)} has text after the closing quote; expected only a # comment there` }
    }
    return { value }
  }
  const token = /^\S*/.exec(rest)?.[0] ?? ''
  if (forbidden.test(token)) return { problem: forbiddenProblem(rest) }
  if (!trailingComment.test(rest.slice(token.length))) {
    return { problem: `${JSON.stringify(rest)} is an unquoted value with spaces; write it in double quotes` }
  }
  if (!bareWord.test(token)) {
    return { problem: `${JSON.stringify(token)} has characters a shell would interpret; write it in double quotes` }
  }
  return { value: token }
}

function forbiddenProblem (value: string): string {
  return `${JSON.stringify(value)} holds $, a backtick or a backslash, which image.config never allows (the file must be safe to source)`
}
