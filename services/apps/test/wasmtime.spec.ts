// The same compliance suite for the wasmtime runner, where a wasmtime binary is present
// (PATH or PC2_WASMTIME). Neither of our registries has one, so on the CI machine this file
// reports itself skipped, by name, rather than passing vacuously.

import { describe, it } from 'node:test'
import { findWasmtime, wasmtimeRunner } from '../src/runner/wasmtime.ts'
import { runnerCompliance } from './compliance/runner-suite.ts'

const binary = findWasmtime()
if (binary === undefined) {
  describe('WasmRunner compliance: wasmtime', () => {
    it('passes the runner compliance suite', { skip: 'no wasmtime binary on this system (PATH, PC2_WASMTIME)' }, () => {})
  })
}
else runnerCompliance(() => wasmtimeRunner({ binary }))
