import type {
  ActivityPubOrderedCollection,
  ActivityPubOrderedCollectionPage,
} from '../../../shared/models/activitypub/collection.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';

export const COLLECTION_PAGE_SIZE = 10;

/** Loads `COLLECTION_PAGE_SIZE` items from `start`, and the total. */
export type PageLoader<T> = (start: number, count: number) => Promise<[T[], number]>;

/**
 * A paged OrderedCollection at `id` as PeerTube serves them: without a page, the total and the first page's URL;
 * `?page=N` (from 1), that page's items with `next` and `prev`.
 */
export async function orderedCollection<T>(
  id: string,
  page: number | undefined,
  load: PageLoader<T>,
): Promise<ActivityPubOrderedCollection | ActivityPubOrderedCollectionPage<T>> {
  const start = page === undefined ? 0 : (page - 1) * COLLECTION_PAGE_SIZE;
  // Without a page only the total is shown; one item is loaded, as a count of 0 may mean "no limit" to a query.
  const [items, totalItems] = await load(start, page === undefined ? 1 : COLLECTION_PAGE_SIZE);
  if (page === undefined) {
    return { '@context': ACTIVITY_PUB_CONTEXT, id, type: 'OrderedCollection', totalItems, first: `${id}?page=1` };
  }
  return {
    '@context': ACTIVITY_PUB_CONTEXT,
    id: `${id}?page=${page}`,
    type: 'OrderedCollectionPage',
    partOf: id,
    totalItems,
    orderedItems: items,
    ...(start + COLLECTION_PAGE_SIZE < totalItems && { next: `${id}?page=${page + 1}` }),
    ...(page > 1 && { prev: `${id}?page=${page - 1}` }),
  };
}
