// The one table of run-time settings. Parsing, validation, defaults, the admin UI's
// settings page and the docs all come from these rows. A setting's name is
// `<section>.<key>`, exactly as written in pc2.conf under `[section]`.

import type { ImageConfig } from './image-config-schema.ts'
import { autoOrValue, choiceValue, ethereumAddressValue, hostValue, httpUrlValue, integerValue, ipAddressValue, listValue, offOrValue, sizeValue } from './value-parsers.ts'
import type { ValueParser } from './value-parsers.ts'

export const logLevels = ['debug', 'info', 'notice', 'warning', 'err'] as const
export type LogLevel = typeof logLevels[number]

export const switchStates = ['off', 'on'] as const
export type SwitchState = typeof switchStates[number]

export interface Settings {
  'admin.port': number
  'admin.listen': string
  'log.level': LogLevel
  'auth.chainId': number
  'auth.sessionHours': number
  'ipfs.port': number
  /** Bytes the IPFS blockstore may use; `auto` = size of /data minus a 1 GiB reserve. */
  'ipfs.quota': number | 'auto'
  'ipfs.publicNetwork': SwitchState
  /** The port peers reach this node's gateway on; `auto` = admin.port (pc2-admin serves /ipfs/). */
  'ipfs.gatewayPort': number | 'auto'
  /** JSON-RPC endpoint of the chain the FileShop contract lives on; `off` = the shop is off. */
  'shop.rpcUrl': string | 'off'
  /** Address of the deployed FileShop contract; `off` = the shop is off. */
  'shop.contract': `0x${string}` | 'off'
  /** Where sales are paid; `owner` = the address that owns this node (signs in to the admin UI). */
  'shop.payoutAddress': `0x${string}` | 'owner'
  /** Blocks a purchase or delivery must be buried under before pc2-shop treats it as final. */
  'shop.confirmations': number
  /** Milliseconds between looks at the chain for new blocks. */
  'shop.pollInterval': number
  /** DNS servers systemd-resolved may ask; `auto` = those it was given (DHCP). */
  'egress.dnsServers': string[] | 'auto'
  /** NTP servers systemd-timesyncd may reach, by name or address. */
  'egress.ntpServers': string[]
}

export type SettingName = keyof Settings

export interface SettingDefinition<T> {
  parser: ValueParser<T>
  default: T
  /** A default the image itself states, which beats `default` but loses to any file. */
  fromImage?: (image: ImageConfig) => T
  help: string
  /** True when a running service reads the value only at start, so a change waits for a restart. */
  restartRequired: boolean
}

export type SettingsTable = { readonly [N in SettingName]: SettingDefinition<Settings[N]> }

export const settingsTable: SettingsTable = {
  'admin.port': {
    parser: integerValue(1, 65535),
    default: 80,
    fromImage: (image) => image.adminPort,
    help: 'TCP port of the admin UI and API.',
    restartRequired: true
  },
  'admin.listen': {
    parser: ipAddressValue(),
    default: '::',
    help: 'Address the admin UI and API listen on.',
    restartRequired: true
  },
  'log.level': {
    parser: choiceValue(logLevels),
    default: 'info',
    help: 'Least important log priority written to the journal.',
    // pc2-admin applies it as soon as it is saved; other services read it at their start.
    restartRequired: false
  },
  'auth.chainId': {
    parser: integerValue(1, Number.MAX_SAFE_INTEGER),
    default: 1,
    help: 'EIP-155 chain id that sign-in (SIWE) messages must name; 1 is Ethereum mainnet. No chain is ever contacted.',
    restartRequired: false
  },
  'auth.sessionHours': {
    parser: integerValue(1, 168),
    default: 12,
    help: 'Hours an admin session lasts after signing in.',
    restartRequired: false
  },
  'ipfs.port': {
    parser: integerValue(1, 65535),
    default: 4001,
    help: 'TCP port the IPFS node (libp2p) listens on for other IPFS nodes.',
    restartRequired: true
  },
  'ipfs.quota': {
    parser: autoOrValue(sizeValue()),
    default: 'auto',
    help: 'Most bytes the IPFS store may hold; auto = the size of /data minus 1 GiB kept free.',
    restartRequired: true
  },
  'ipfs.publicNetwork': {
    parser: choiceValue(switchStates),
    default: 'off',
    help: 'on lets the IPFS node dial and accept peers outside the local network; off keeps it on the LAN.',
    restartRequired: true
  },
  'ipfs.gatewayPort': {
    parser: autoOrValue(integerValue(1, 65535)),
    default: 'auto',
    help: 'Port other PC2 nodes fetch this node\'s files from (its /ipfs/ gateway); auto = admin.port.',
    restartRequired: true
  },
  'shop.rpcUrl': {
    parser: offOrValue(httpUrlValue()),
    default: 'off',
    help: 'JSON-RPC URL of the chain FileShop runs on (the only place pc2-shop connects to); off turns selling off.',
    restartRequired: false
  },
  'shop.contract': {
    parser: offOrValue(ethereumAddressValue()),
    default: 'off',
    help: 'Address of the FileShop contract on that chain; off turns selling off.',
    restartRequired: false
  },
  'shop.payoutAddress': {
    parser: choiceOrAddress(),
    default: 'owner',
    help: 'Address that receives the money from sales; owner = the wallet that owns this node.',
    restartRequired: false
  },
  'shop.confirmations': {
    parser: integerValue(0, 64),
    default: 1,
    help: 'Blocks on top of a purchase or delivery before it counts as final (protects against chain reorganisations).',
    restartRequired: false
  },
  'shop.pollInterval': {
    parser: integerValue(50, 60000),
    default: 1000,
    help: 'Milliseconds between looks at the chain for purchases.',
    restartRequired: false
  },
  'egress.dnsServers': {
    parser: autoOrValue(listValue(ipAddressValue(), { allowEmpty: false })),
    default: 'auto',
    help: 'The only DNS servers name lookups may go to; auto = the ones the network (DHCP) gave.',
    restartRequired: false
  },
  'egress.ntpServers': {
    parser: listValue(hostValue(), { allowEmpty: true }),
    // systemd-timesyncd's built-in servers on Debian.
    default: ['0.debian.pool.ntp.org', '1.debian.pool.ntp.org', '2.debian.pool.ntp.org', '3.debian.pool.ntp.org'],
    help: 'The only NTP servers the clock may be set from (systemd-timesyncd\'s own list by default).',
    restartRequired: false
  }
}

function choiceOrAddress (): ValueParser<`0x${string}` | 'owner'> {
  const address = ethereumAddressValue()
  return {
    expected: `owner, or ${address.expected}`,
    parse: (raw) => (raw === 'owner' ? 'owner' : address.parse(raw))
  }
}

export function settingNames (): SettingName[] {
  return Object.keys(settingsTable) as SettingName[]
}

export function settingSection (name: SettingName): string {
  return name.slice(0, name.indexOf('.'))
}

/** A value as text, exactly as it would be written in a .conf file. */
export function formatSettingValue (value: Settings[SettingName]): string {
  return Array.isArray(value) ? value.join(' ') : String(value)
}
