import { describe, expect, it } from 'vitest';
import { listPath, listRequestFor } from './listPath';
import { DEFAULT_LIST_QUERY } from './listQuery';

describe('the list request', () => {
  it('builds the query string of GET /api/auctions, leaving out what is absent', () => {
    expect(listPath({})).toBe('/api/auctions');
    expect(
      listPath({ status: 'open', sort: 'price-desc', q: 'brass & co', limit: 5, cursor: 'a+b/c=' }),
    ).toBe('/api/auctions?status=open&sort=price-desc&q=brass+%26+co&limit=5&cursor=a%2Bb%2Fc%3D');
    expect(new URLSearchParams(listPath({ cursor: 'a+b/c=' }).split('?')[1]).get('cursor')).toBe('a+b/c=');
  });

  it('asks for what the controls show: no status for all, no q without a search, the cursor for More', () => {
    expect(listRequestFor(DEFAULT_LIST_QUERY)).toEqual({ sort: 'ending', status: 'open' });
    expect(listRequestFor({ sort: 'newest', status: 'all', q: 'leica' }, 'next')).toEqual({
      sort: 'newest',
      q: 'leica',
      cursor: 'next',
    });
  });
});
