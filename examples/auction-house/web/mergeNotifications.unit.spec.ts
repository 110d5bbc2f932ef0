import { describe, expect, it } from 'vitest';
import { mergeNotifications } from './mergeNotifications';

const note = (id: string, at: number, version = 1) => ({ id, at, version });

describe('mergeNotifications', () => {
  it('adds new ones newest first', () => {
    const known = [note('b', 20), note('a', 10)];
    expect(mergeNotifications(known, [note('c', 30)], 50).map((n) => n.id)).toEqual(['c', 'b', 'a']);
    expect(
      mergeNotifications([], [note('a', 10), note('c', 30), note('b', 20)], 50).map((n) => n.id),
    ).toEqual(['c', 'b', 'a']);
  });

  it('keeps each id once: a live one read again in a reloaded list is not doubled', () => {
    const live = [note('c', 30), note('b', 20)];
    const reloaded = [note('c', 30), note('b', 20), note('a', 10)];
    const merged = mergeNotifications(live, reloaded, 50);
    expect(merged.map((n) => n.id)).toEqual(['c', 'b', 'a']);
    expect(mergeNotifications(merged, reloaded, 50)).toBe(merged);
    expect(mergeNotifications([], [note('a', 10), note('a', 10)], 50)).toHaveLength(1);
  });

  it('answers the known list itself when nothing is new', () => {
    const known = [note('b', 20), note('a', 10)];
    expect(mergeNotifications(known, [], 50)).toBe(known);
    expect(mergeNotifications(known, [note('a', 10)], 50)).toBe(known);
  });

  it('orders equal times by stream version, then by id', () => {
    const merged = mergeNotifications([note('x', 10, 3)], [note('y', 10, 5), note('w', 10, 3)], 50);
    expect(merged.map((n) => n.id)).toEqual(['y', 'x', 'w']);
  });

  it('keeps at most `cap`, dropping the oldest (a late, older one included)', () => {
    const known = Array.from({ length: 50 }, (_, i) => note(`n${i}`, 1000 - i));
    const merged = mergeNotifications(known, [note('newest', 2000), note('oldest', 1)], 50);
    expect(merged).toHaveLength(50);
    expect(merged[0]?.id).toBe('newest');
    expect(merged.map((n) => n.id)).not.toContain('oldest');
    expect(merged.map((n) => n.id)).not.toContain('n49');
    expect(mergeNotifications(known, [note('oldest', 1)], 50)).toBe(known);
  });
});
