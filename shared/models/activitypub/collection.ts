import type { JsonLdContext } from './common-objects.js';

/** A paged collection (outbox, followers, following): the first request gives totals and the first page's URL. */
export interface ActivityPubOrderedCollection {
  '@context'?: JsonLdContext;
  id: string;
  type: 'OrderedCollection';
  totalItems: number;
  first: string;
}

export interface ActivityPubOrderedCollectionPage<T> {
  '@context'?: JsonLdContext;
  id: string;
  type: 'OrderedCollectionPage';
  partOf: string;
  totalItems: number;
  orderedItems: T[];
  next?: string;
  prev?: string;
}
