import { describe, expect, it } from 'vitest';
import { listEmptyText } from './listEmptyText';

describe('listEmptyText', () => {
  it('says that nothing matches, and what was asked', () => {
    expect(listEmptyText({ sort: 'ending', status: 'open', q: 'leica' })).toBe(
      'No auctions match “leica” among open auctions.',
    );
    expect(listEmptyText({ sort: 'newest', status: 'all', q: 'leica' })).toBe('No auctions match “leica”.');
    expect(listEmptyText({ sort: 'ending', status: 'open', q: '' })).toBe('No auctions match: none is open.');
    expect(listEmptyText({ sort: 'ending', status: 'all', q: '' })).toBe(
      'No auctions match: none is listed yet.',
    );
  });
});
