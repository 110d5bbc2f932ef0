import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAuctionDeadlines } from './auctionDeadlines';

type Op =
  | { readonly kind: 'set'; readonly id: number; readonly due: number }
  | { readonly kind: 'delete'; readonly id: number }
  | { readonly kind: 'pop' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id: fc.nat(40), due: fc.integer({ min: 0, max: 1_000 }) }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.nat(40) }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

/** The earliest due of a model, and the ids due then. */
const earliestOf = (model: Map<string, number>): { due: number; ids: string[] } => {
  let due = Number.POSITIVE_INFINITY;
  for (const value of model.values()) if (value < due) due = value;
  return { due, ids: [...model].filter(([, value]) => value === due).map(([id]) => id) };
};

describe('createAuctionDeadlines', () => {
  it('behaves as a map whose earliest entry is always on top (model-based, through growth)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const deadlines = createAuctionDeadlines();
        const model = new Map<string, number>();
        for (const step of ops) {
          if (step.kind === 'set') {
            deadlines.set(`a${step.id}`, step.due);
            model.set(`a${step.id}`, step.due);
          } else if (step.kind === 'delete') {
            expect(deadlines.delete(`a${step.id}`)).toBe(model.delete(`a${step.id}`));
          } else {
            const { ids } = earliestOf(model);
            const popped = deadlines.popEarliest();
            if (ids.length === 0) expect(popped).toBeUndefined();
            else {
              expect(ids).toContain(popped);
              model.delete(popped as string);
            }
          }
          expect(deadlines.size).toBe(model.size);
          expect(deadlines.earliest()).toBe(earliestOf(model).due);
        }
        for (const [id, due] of model) expect(deadlines.dueOf(id)).toBe(due);
        const seen = new Map<string, number>();
        deadlines.forEach((id, due) => {
          seen.set(id, due);
        });
        expect(seen).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  it('pops every entry in due order, well past its initial capacity', () => {
    const deadlines = createAuctionDeadlines();
    const dues = Array.from({ length: 5_000 }, (_, i) => (i * 7919) % 5_003);
    for (const [i, due] of dues.entries()) deadlines.set(`a${i}`, due);
    const popped: number[] = [];
    while (deadlines.size > 0) {
      popped.push(deadlines.earliest());
      deadlines.popEarliest();
    }
    expect(popped).toEqual([...dues].sort((a, b) => a - b));
    expect(deadlines.popEarliest()).toBeUndefined();
    expect(deadlines.earliest()).toBe(Number.POSITIVE_INFINITY);
  });

  it('moves an entry later and earlier in place', () => {
    const deadlines = createAuctionDeadlines();
    deadlines.set('a', 10);
    deadlines.set('b', 20);
    deadlines.set('a', 30);
    expect(deadlines.popEarliest()).toBe('b');
    deadlines.set('c', 40);
    deadlines.set('c', 5);
    expect(deadlines.popEarliest()).toBe('c');
    expect(deadlines.popEarliest()).toBe('a');
    expect(deadlines.size).toBe(0);
  });
});
