// Entry point of the pc2-apps unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths); how runs are run, runner-choice.ts.

import { ownSocketPath, readEnvironment, runService, serviceSocketPath } from '@pc2/core'
import { apps, appsDefaults } from './index.ts'
import { chooseRunner } from './runner-choice.ts'

await runService({
  name: 'pc2-apps',
  create: ({ logger, environment }) => {
    const { runner, folders } = chooseRunner(environment)
    return apps({
      appsDir: readEnvironment(environment).text('PC2_APPS_DIR', appsDefaults.appsDir),
      socketPath: ownSocketPath('apps', environment),
      runner,
      source: { ipfsSocket: serviceSocketPath('ipfs', environment) },
      ...(folders === undefined ? {} : { folders })
    })({ logger })
  },
  status: (service, { environment }) => {
    const { launcherSocket } = chooseRunner(environment)
    return `listening on ${service.socketPath} (runner ${service.runnerName}${launcherSocket === undefined ? '' : `, each run a transient unit started through ${launcherSocket}`})`
  }
})
