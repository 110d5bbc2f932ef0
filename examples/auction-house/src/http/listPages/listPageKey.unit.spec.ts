import { describe, expect, it } from 'vitest';
import type { CatalogQuery } from '../../readModels/catalog/catalogRow';
import { searchWords } from '../../readModels/catalog/searchWords';
import { listQuery } from '../schemas';
import { listPageKey } from './listPageKey';

/** The catalog query the route builds from a URL's query string (without a cursor). */
const queryOf = (search: string): CatalogQuery => {
  const parsed = listQuery.parse(Object.fromEntries(new URLSearchParams(search)));
  return {
    sort: parsed.sort,
    limit: parsed.limit,
    ...(parsed.status === undefined ? {} : { status: parsed.status }),
    ...(parsed.q === undefined ? {} : { words: searchWords(parsed.q) }),
  };
};

describe('listPageKey', () => {
  it('is the same for URLs that ask the same page', () => {
    expect(listPageKey(queryOf('sort=ending&limit=20'))).toBe(listPageKey(queryOf('limit=20&sort=ending')));
    expect(listPageKey(queryOf(''))).toBe(listPageKey(queryOf('sort=ending&limit=20')));
    expect(listPageKey(queryOf('q=Oak+lamp'))).toBe(listPageKey(queryOf('q=lamp%20OAK%20oak')));
  });

  it('differs when the page differs', () => {
    const keys = [
      '',
      'sort=newest',
      'limit=21',
      'status=open',
      'status=closed',
      'q=oak',
      'q=oak+lamp',
      'q=',
    ].map((search) => listPageKey(queryOf(search)));
    expect(new Set(keys).size).toBe(keys.length);
    const first = queryOf('');
    const after = (value: number, auctionId: string): CatalogQuery => ({
      ...first,
      after: { sort: 'ending', value, auctionId },
    });
    expect(listPageKey(after(5, 'a1'))).not.toBe(listPageKey(after(5, 'a2')));
    expect(listPageKey(after(5, 'a1'))).not.toBe(listPageKey(after(6, 'a1')));
    expect(listPageKey(after(5, 'a1'))).not.toBe(listPageKey(first));
  });
});
