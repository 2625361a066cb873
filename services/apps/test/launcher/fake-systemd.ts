// Stand-ins for systemd-run and systemctl, for testing pc2-apps-launcher on a host without
// systemd as PID 1: systemd-run records its arguments and runs the command after `--` in
// its own place (as --pipe --wait would, minus the sandbox); systemctl records its
// arguments, answers `show` with a Result written into the directory, and `kill` kills the
// run of that unit. The real ones are exercised in test-qemu/apps.test.ts.

import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface FakeSystemd {
  directory: string
  systemdRun: string
  systemctl: string
  /** Every systemd-run call's arguments, oldest first. */
  runs (): Promise<string[][]>
  /** Every systemctl call's arguments, oldest first. */
  systemctlCalls (): Promise<string[][]>
  /** The next runs do not start their command and systemd-run exits with `code`; systemctl show answers `result`. */
  verdict (code: number, result: string): Promise<void>
}

export async function fakeSystemd (): Promise<FakeSystemd> {
  const directory = await mkdtemp(join(tmpdir(), 'pc2-fake-systemd-'))
  await mkdir(join(directory, 'calls'))
  const systemdRun = join(directory, 'systemd-run')
  const systemctl = join(directory, 'systemctl')
  await writeFile(systemdRun, `#!/bin/bash
here=$(dirname "$0")
n=$(date +%s%N)
printf '%s\\n' "$@" > "$here/calls/run-$n"
unit=""
for arg in "$@"; do case "$arg" in --unit=*) unit=\${arg#--unit=};; esac; done
echo $$ > "$here/calls/$unit.pid"
if [ -f "$here/verdict-code" ]; then exit "$(cat "$here/verdict-code")"; fi
while [ "$1" != "--" ]; do shift; done
shift
exec "$@"
`)
  await writeFile(systemctl, `#!/bin/bash
here=$(dirname "$0")
printf '%s\\n' "$@" > "$here/calls/ctl-$(date +%s%N)"
case "$1" in
  show) cat "$here/verdict-result" 2>/dev/null || echo exit-code;;
  kill) unit="\${@: -1}"; [ -f "$here/calls/$unit.pid" ] && kill -9 "$(cat "$here/calls/$unit.pid")" 2>/dev/null;;
esac
exit 0
`)
  await chmod(systemdRun, 0o755)
  await chmod(systemctl, 0o755)
  const calls = async (prefix: string): Promise<string[][]> => {
    const files = (await readdir(join(directory, 'calls'))).filter((file) => file.startsWith(prefix)).sort()
    return await Promise.all(files.map(async (file) => (await readFile(join(directory, 'calls', file), 'utf8')).split('\n').slice(0, -1)))
  }
  return {
    directory,
    systemdRun,
    systemctl,
    runs: async () => await calls('run-'),
    systemctlCalls: async () => await calls('ctl-'),
    async verdict (code, result) {
      await writeFile(join(directory, 'verdict-code'), String(code))
      await writeFile(join(directory, 'verdict-result'), result)
    }
  }
}
