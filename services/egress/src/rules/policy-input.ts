// What the policy is built from: the settings (ports, DNS and NTP servers, the chain RPC),
// the owner's destinations and the apps' grants, every host name resolved through the cache,
// and where this machine keeps its cgroups.

import type { Settings } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import type { Destination } from '../destination.ts'
import type { AppAllowance, PolicyInput, ResolvedDestination, UnitName } from '../policy.ts'
import { readResolvers } from '../resolve.ts'
import type { Saved } from '../store.ts'

export async function policyInput (egress: EgressContext, settings: Settings, { units, apps }: Saved): Promise<PolicyInput> {
  const { resolutions, machine } = egress
  const resolveAll = async (destinations: Destination[]): Promise<ResolvedDestination[]> => await Promise.all(destinations.map(async (destination) => {
    const resolution = await resolutions.resolve(destination.host)
    return { ...destination, addresses: resolution.addresses, ...(resolution.unresolved === undefined ? {} : { unresolved: resolution.unresolved }) }
  }))
  const owner: Partial<Record<UnitName, ResolvedDestination[]>> = {}
  for (const [unit, destinations] of Object.entries(units) as Array<[UnitName, Destination[]]>) owner[unit] = await resolveAll(destinations)
  const appAllowances: AppAllowance[] = []
  for (const [app, destinations] of Object.entries(apps).sort(([a], [b]) => a.localeCompare(b))) appAllowances.push({ app, destinations: await resolveAll(destinations) })
  const ntp = await Promise.all(settings['egress.ntpServers'].map(async (name) => await resolutions.resolve(name)))
  const dns = settings['egress.dnsServers']
  let chainRpc: PolicyInput['chainRpc']
  if (settings['shop.rpcUrl'] !== 'off') {
    const url = new URL(settings['shop.rpcUrl'])
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
    const resolution = await resolutions.resolve(url.hostname.replace(/^\[|\]$/g, ''))
    chainRpc = { url: settings['shop.rpcUrl'], port, addresses: resolution.addresses, ...(resolution.unresolved === undefined ? {} : { unresolved: resolution.unresolved }) }
  }
  return {
    adminPort: settings['admin.port'],
    ipfsPort: settings['ipfs.port'],
    gatewayPort: settings['ipfs.gatewayPort'] === 'auto' ? settings['admin.port'] : settings['ipfs.gatewayPort'],
    ipfsPublic: settings['ipfs.publicNetwork'] === 'on',
    resolvers: dns === 'auto'
      ? await readResolvers(machine.resolvConf)
      : (await Promise.all(dns.map(async (name) => await resolutions.resolve(name)))).flatMap((resolution) => resolution.addresses),
    ntp: { names: settings['egress.ntpServers'], addresses: ntp.flatMap((resolution) => resolution.addresses) },
    ...(chainRpc === undefined ? {} : { chainRpc }),
    owner,
    apps: appAllowances,
    appCgroupLevel: machine.appCgroupLevel,
    logGroup: machine.logGroup,
    cgroupLevel: machine.cgroups.level
  }
}
