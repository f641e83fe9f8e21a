import type { Broker, Logger } from '@souk/platform';
import type { CatalogCache } from './catalog-cache.js';

/** Any change to what the catalog shows (names, prices, categories, stock) drops the whole cache. */
export const CATALOG_CHANGE_EVENTS = [
  'product.created',
  'product.updated',
  'product.deleted',
  'category.created',
  'category.updated',
  'category.deleted',
  'stock.reserved',
  'stock.released',
  'stock.committed',
] as const;

/**
 * Purges on the broker's best-effort broadcast. A missed message only means an entry lives until
 * its TTL, so dropping everything (rather than working out which pages a change touches) is
 * the simple, always-correct choice: a refill costs one upstream call per page.
 */
export async function purgeOnCatalogChanges(
  broker: Broker,
  cache: CatalogCache,
  logger: Logger,
): Promise<void> {
  await broker.listen([...CATALOG_CHANGE_EVENTS], (envelope) => {
    const dropped = cache.size;
    cache.purge();
    logger.debug(
      { eventType: envelope.type, eventId: envelope.id, dropped },
      'catalog cache purged',
    );
  });
}
