// Every route pc2-shop serves (API.md), in one table held to its contract (core's ShopApi).
// The socket's mode (0660, group pc2-shop) is the access check: pc2-admin checks the
// owner's session before it forwards /api/shop/<route>, and forwards /api/storefront/<rest>
// to /public/<rest> to anyone.

import { apiRoutes } from '@pc2/core'
import type { ShopApi } from '@pc2/core'
import type { ShopRouteContext } from './context.ts'
import { events } from './routes/events.ts'
import { health } from './routes/health.ts'
import { licenseRoute } from './routes/license.ts'
import { createListingRoute } from './routes/listing-create.ts'
import { deleteListingRoute } from './routes/listing-delete.ts'
import { updateListingRoute } from './routes/listing-update.ts'
import { listListings } from './routes/listings-list.ts'
import { publicListingRoute } from './routes/public-listing.ts'
import { publicListings } from './routes/public-listings.ts'
import { promoter, promoterEvents } from './routes/public-promoter.ts'
import { publicPurchaseRoute } from './routes/public-purchase.ts'
import { sales } from './routes/sales.ts'
import { status } from './routes/status.ts'
import { createWallet } from './routes/wallet-create.ts'

export const routes = apiRoutes<ShopApi, ShopRouteContext>({
  'GET /health': health,
  'GET /status': status,
  'POST /wallet': createWallet,
  'GET /listings': listListings,
  'POST /listings': createListingRoute,
  'PATCH /listings/:id': updateListingRoute,
  'DELETE /listings/:id': deleteListingRoute,
  'GET /sales': sales,
  'GET /licenses/:id': licenseRoute,
  'GET /events': events,
  'GET /public/listings': publicListings,
  'GET /public/listings/:id': publicListingRoute,
  'GET /public/purchases/:id': publicPurchaseRoute,
  'GET /public/promoters/:address': promoter,
  'GET /public/promoters/:address/events': promoterEvents
})
