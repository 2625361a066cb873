import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import { runnerCompliance } from './compliance/runner-suite.ts'

runnerCompliance(() => nodeWasiRunner())
