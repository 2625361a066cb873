// POST /apps/<name>/runs: runs a job once, args and stdin in, its output and exit code out.

import { jsonReply } from '@pc2/core'
import type { AppsHandler } from '../context.ts'
import { runRequest } from '../inputs.ts'

export const runJobRoute: AppsHandler<'POST /apps/:name/runs'> = async ({ apps, params, readJson, signal }) => {
  const result = await apps.runs.runJob(params.name, runRequest(await readJson()), { signal })
  const stdout = Buffer.from(result.stdout)
  return jsonReply({
    outcome: result.outcome,
    exitCode: result.exitCode,
    stdout: stdout.toString('utf8'),
    stdoutBase64: stdout.toString('base64'),
    stderr: result.stderr,
    durationMs: Math.round(result.durationMs)
  })
}
