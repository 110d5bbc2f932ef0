import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanSearch, DEFAULT_LIST_QUERY, LIST_SORTS, LIST_STATUSES, MAX_SEARCH_LENGTH } from './listQuery';
import { listQueryFromSearch, searchFromListQuery } from './listQueryUrl';

const listQuery = fc.record({
  sort: fc.constantFrom(...LIST_SORTS),
  status: fc.constantFrom(...LIST_STATUSES),
  q: fc.string({ unit: 'grapheme', maxLength: 60 }).map(cleanSearch),
});

describe('the list query in the address', () => {
  it('reads the controls of a shared link', () => {
    expect(listQueryFromSearch('?sort=newest&q=leica&status=open')).toEqual({
      sort: 'newest',
      status: 'open',
      q: 'leica',
    });
    expect(listQueryFromSearch('status=all&sort=price-desc&q=brass+telescope')).toEqual({
      sort: 'price-desc',
      status: 'all',
      q: 'brass telescope',
    });
  });

  it('shows the default list for a plain address, and for unknown or missing values', () => {
    expect(listQueryFromSearch('')).toEqual(DEFAULT_LIST_QUERY);
    expect(listQueryFromSearch('?')).toEqual(DEFAULT_LIST_QUERY);
    expect(listQueryFromSearch('?sort=cheapest&status=cancelled&q=%20%20&page=2')).toEqual(
      DEFAULT_LIST_QUERY,
    );
  });

  it('writes only what differs from the default, in the order sort, q, status', () => {
    expect(searchFromListQuery(DEFAULT_LIST_QUERY)).toBe('');
    expect(searchFromListQuery({ sort: 'newest', status: 'open', q: 'leica' })).toBe('?sort=newest&q=leica');
    expect(searchFromListQuery({ sort: 'ending', status: 'all', q: 'a&b=c #1' })).toBe(
      '?q=a%26b%3Dc+%231&status=all',
    );
  });

  it('reads back every query it writes', () => {
    fc.assert(
      fc.property(listQuery, (query) => {
        expect(listQueryFromSearch(searchFromListQuery(query))).toEqual(query);
      }),
    );
  });
});

describe('cleanSearch', () => {
  it('single-spaces and trims the words, control characters as spaces', () => {
    expect(cleanSearch('  Leica \t M3\n')).toBe('Leica M3');
    expect(cleanSearch('a\u0000b\u007fc')).toBe('a b c');
    expect(cleanSearch('   ')).toBe('');
  });

  it('cuts a long search between code points, never inside a surrogate pair', () => {
    const camera = '📷';
    const cut = cleanSearch(`${'a'.repeat(MAX_SEARCH_LENGTH - 1)}${camera}${camera}`);
    expect(cut).toBe('a'.repeat(MAX_SEARCH_LENGTH - 1));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (typed) => {
        const search = cleanSearch(typed);
        expect(search.length).toBeLessThanOrEqual(MAX_SEARCH_LENGTH);
        expect(search).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
        expect(cleanSearch(search)).toBe(search);
      }),
    );
  });
});
