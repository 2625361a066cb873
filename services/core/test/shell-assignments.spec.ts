import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readAssignments } from '../src/shell-assignments.ts'

describe('readAssignments', () => {
  it('reads bare and double-quoted values, skipping comments and blank lines', () => {
    const text = '# heading\n\nA=bare\nB="two words"  # note\n  C=""\nD=x/y:z@1.2+3,4=5\n'
    const { assignments, problems } = readAssignments(text, 'f')
    assert.deepEqual(problems, [])
    assert.deepEqual(assignments, [
      { key: 'A', value: 'bare', line: 3 },
      { key: 'B', value: 'two words', line: 4 },
      { key: 'C', value: '', line: 5 },
      { key: 'D', value: 'x/y:z@1.2+3,4=5', line: 6 }
    ])
  })

  const rejected: Array<[string, RegExp]> = [
    ['A=$(rm -rf /)', /^f:1: A: .*\$, a backtick or a backslash/],
    ['A="$HOME"', /^f:1: A: /],
    ['A=`id`', /^f:1: A: /],
    ['A="back\\slash"', /^f:1: A: /],
    ['A=two words', /^f:1: A: .*unquoted value with spaces/],
    ['A="open', /^f:1: A: .*no closing double quote/],
    ['A="x"y', /^f:1: A: .*after the closing quote/],
    ["A='single'", /^f:1: A: .*double quotes/],
    ['A=x;reboot', /^f:1: A: .*double quotes/],
    ['export A=1', /^f:1: not a KEY=VALUE line/],
    ['just text', /^f:1: not a KEY=VALUE line/]
  ]
  for (const [line, pattern] of rejected) {
    it(`rejects ${line}`, () => {
      const { assignments, problems } = readAssignments(line, 'f')
      assert.deepEqual(assignments, [])
      assert.equal(problems.length, 1)
      assert.match(problems[0] ?? '', pattern)
    })
  }
})
