// What a command may touch of its process: the two output streams, the environment and the
// working directory. Passed in, so that the same code runs as `pc2` and inside a test.

export interface OutputStream {
  write (text: string): unknown
  isTTY?: boolean
}

export interface CliIo {
  stdout: OutputStream
  stderr: OutputStream
  env: Record<string, string | undefined>
  cwd: string
}
