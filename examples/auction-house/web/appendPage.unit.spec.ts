import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendPage } from './appendPage';

describe('appendPage', () => {
  it('appends the ids not listed yet, in the page order', () => {
    expect(appendPage(['a', 'b'], ['c', 'b', 'd', 'c'])).toEqual(['a', 'b', 'c', 'd']);
    expect(appendPage([], ['x', 'x'])).toEqual(['x']);
  });

  it('never repeats an id, keeps the listed ones where they were, and loses none', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'));
    fc.assert(
      fc.property(ids, fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')), (listed, page) => {
        const appended = appendPage(listed, page);
        expect(new Set(appended).size).toBe(appended.length);
        expect(appended.slice(0, listed.length)).toEqual(listed);
        expect(new Set(appended)).toEqual(new Set([...listed, ...page]));
      }),
    );
  });
});
