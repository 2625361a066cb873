import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import { runnerCompliance } from './compliance/runner-suite.ts'

runnerCompliance(() => nodeWasiRunner())

describe('nodeWasiRunner', () => {
  it('refuses to be made without its child program, naming it', () => {
    assert.throws(() => nodeWasiRunner({ childScript: '/nonexistent/pc2-apps-child.mjs' }), (error: any) => error.name === 'UnavailableError' && /pc2-apps-child\.mjs/.test(error.message))
  })
})
