// A real <a href> (so it works with middle-click, copy link and keyboard) that changes
// page without reloading.

import type { ComponentChildren, JSX } from 'preact'
import { followLinkInPlace } from '../../lib/navigation.ts'

export type LinkProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string, children?: ComponentChildren }

export function Link ({ href, children, ...rest }: LinkProps) {
  return <a {...rest} href={href} onClick={(event) => { followLinkInPlace(event, href) }}>{children}</a>
}
