// Small JSON request bodies (the owner API's), read by core's readJsonBody; uploads read
// their body as a stream instead.

export const jsonBodyLimitBytes = 64 * 1024
