// Every route pc2-shop serves (API.md), in one table. The socket's mode (0660, group
// pc2-shop) is the access check: pc2-admin checks the owner's session before it forwards
// /api/shop/<route>, and forwards /api/storefront/<rest> to /public/<rest> to anyone.

import type { Route } from './http/router.ts'
import { events } from './routes/events.ts'
import { health } from './routes/health.ts'
import { createListingRoute } from './routes/listing-create.ts'
import { deleteListingRoute } from './routes/listing-delete.ts'
import { updateListingRoute } from './routes/listing-update.ts'
import { listListings } from './routes/listings-list.ts'
import { publicListingRoute } from './routes/public-listing.ts'
import { publicListings } from './routes/public-listings.ts'
import { promoter, promoterEvents } from './routes/public-promoter.ts'
import { publicPurchaseRoute } from './routes/public-purchase.ts'
import { licenseRoute } from './routes/license.ts'
import { sales } from './routes/sales.ts'
import { status } from './routes/status.ts'
import { createWallet } from './routes/wallet-create.ts'

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', handler: health },
  { method: 'GET', path: '/status', handler: status },
  { method: 'POST', path: '/wallet', handler: createWallet },
  { method: 'GET', path: '/listings', handler: listListings },
  { method: 'POST', path: '/listings', handler: createListingRoute },
  { method: 'PATCH', path: '/listings/:id', handler: updateListingRoute },
  { method: 'DELETE', path: '/listings/:id', handler: deleteListingRoute },
  { method: 'GET', path: '/sales', handler: sales },
  { method: 'GET', path: '/licenses/:id', handler: licenseRoute },
  { method: 'GET', path: '/events', handler: events },
  { method: 'GET', path: '/public/listings', handler: publicListings },
  { method: 'GET', path: '/public/listings/:id', handler: publicListingRoute },
  { method: 'GET', path: '/public/purchases/:id', handler: publicPurchaseRoute },
  { method: 'GET', path: '/public/promoters/:address', handler: promoter },
  { method: 'GET', path: '/public/promoters/:address/events', handler: promoterEvents }
]
