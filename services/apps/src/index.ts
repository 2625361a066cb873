// @pc2/apps — WebAssembly apps on the node. An app is one WASI module carrying its manifest
// (package/section.ts), installed by CID into /data/apps (store/), granted capabilities by
// the owner (capabilities.ts), and run one process per run by a WasmRunner (runner/): jobs
// on demand, web apps once per HTTP request in the WAGI style (wagi.ts, run-app.ts).

export * from './errors.ts'
export * from './manifest.ts'
export * from './capabilities.ts'
export { manifestSectionName, packApp, readManifest } from './package/section.ts'
export type * from './runner/runner.ts'
export { nodeWasiRunner } from './runner/node-wasi.ts'
export { findWasmtime, wasmtimeRunner } from './runner/wasmtime.ts'
export { openAppStore } from './store/app-store.ts'
export type { AppStore, InstalledApp, InstallOptions } from './store/app-store.ts'
export { appRuns, runLimitDefaults } from './run-app.ts'
export type { AppRuns, RunRecord } from './run-app.ts'
export { BadAppResponseError, parseWagiResponse, wagiEnvironment } from './wagi.ts'
export type { WagiRequest, WagiResponse } from './wagi.ts'
