// @pc2/core — what every PC2 service shares and nothing service-specific: the error
// classes (name + HTTP status), the image.config schema and parser, the run-time settings
// table, loader and drop-in writer, journald-friendly logging, sd_notify, the systemd
// service lifecycle, power-cut-safe file writes, and the types of the HTTP APIs services
// expose.
// Core depends on no service.

export * from './errors.ts'
export * from './auth-errors.ts'
export * from './vault-errors.ts'
export * from './shop-errors.ts'
export * from './egress-errors.ts'
export * from './value-parsers.ts'
export * from './image-config-schema.ts'
export { formatImageConfigValue, loadImageConfig, parseImageConfig } from './image-config.ts'
export * from './settings-table.ts'
export { applySettingsText, defaultConfigDir, defaultSettings, loadSettings, loadSettingsWithSources } from './settings.ts'
export type { LoadedSettings, LoadSettingsOptions, SettingSources } from './settings.ts'
export { parseSettingValues } from './settings-values.ts'
export { formatSettingsFile, updateSettingsFile } from './settings-file.ts'
export * from './log.ts'
export * from './notify.ts'
export * from './lifecycle.ts'
export * from './atomic-write.ts'
export * from './json-body.ts'
export * from './json-reply.ts'
export * from './listen-socket.ts'
export * from './socket-api.ts'
export * from './route-server.ts'
export type * from './admin-status.ts'
export type * from './admin-api.ts'
export type * from './vault-api.ts'
export type * from './shop-api.ts'
export type * from './egress-api.ts'
export type * from './apps-api.ts'
export { appCgroupSet, appEgressShort, appNamePattern, appNameSource, appWebBodyLimitBytes } from './apps-api.ts'
export type * from './components.ts'
