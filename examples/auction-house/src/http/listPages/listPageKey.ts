import type { CatalogQuery } from '../../readModels/catalog/catalogRow';

/**
 * The cache key of a list query: its parsed values (sort, status, limit, the search's words in any order,
 * the cursor's position), not the URL's text. Two URLs that ask the same page (`?sort=ending&limit=20`
 * and `?limit=20&sort=ending`, `?q=Oak+lamp` and `?q=lamp%20oak`) share one key.
 */
export const listPageKey = (query: CatalogQuery): string =>
  JSON.stringify([
    query.sort,
    query.status ?? null,
    query.limit,
    query.words === undefined ? null : [...query.words].sort(),
    query.after === undefined ? null : [query.after.value, query.after.auctionId],
  ]);
