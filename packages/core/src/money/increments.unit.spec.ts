import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fastCheckSeed';
import {
  copyIncrementTable,
  type IncrementTable,
  incrementAt,
  increments,
  incrementTableProblem,
} from './increments';

const tableArb: fc.Arbitrary<IncrementTable> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 5000 }), increment: fc.integer({ min: 1, max: 900 }) }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((bands) => {
    let from = 0;
    return bands.map((b, i) => {
      if (i > 0) from += b.gap;
      return { from, increment: b.increment };
    });
  });

describe('incrementAt', () => {
  it('is the increment of the last band whose from is at most the amount', () => {
    fc.assert(
      fc.property(tableArb, fc.integer({ min: -10, max: 40_000 }), (table, amount) => {
        const inBand = table.filter((b) => b.from <= amount).at(-1) ?? table[0];
        expect(incrementAt(table, amount)).toBe(inBand?.increment);
      }),
      seeded(1000),
    );
  });

  it('switches band exactly at a band’s from', () => {
    const table = [
      { from: 0, increment: 5 },
      { from: 100, increment: 25 },
      { from: 500, increment: 50 },
    ];
    expect([0, 99, 100, 499, 500, 10_000].map((amount) => incrementAt(table, amount))).toEqual([
      5, 5, 25, 25, 50, 50,
    ]);
  });

  it('knows eBay’s US-dollar table and flat tables', () => {
    expect(increments.ebayUsd.map((b) => [b.from, b.increment])).toEqual([
      [0, 5],
      [100, 25],
      [500, 50],
      [2500, 100],
      [10000, 250],
      [25000, 500],
      [50000, 1000],
      [100000, 2500],
      [250000, 5000],
      [500000, 10000],
    ]);
    expect(increments.flat(7)).toEqual([{ from: 0, increment: 7 }]);
    expect(Object.isFrozen(increments.ebayUsd) && Object.isFrozen(increments.ebayUsd[0])).toBe(true);
    expect(Object.isFrozen(increments.flat(7)) && Object.isFrozen(increments.flat(7)[0])).toBe(true);
  });
});

describe('incrementTableProblem', () => {
  it('accept every ascending table that starts at 0', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        expect(incrementTableProblem(table)).toBeNull();
      }),
      seeded(500),
    );
  });

  it.each([
    [[], 'increments', 'must be a non-empty array of bands'],
    [null, 'increments', 'must be a non-empty array of bands'],
    [{ 0: { from: 0, increment: 5 }, length: 1 }, 'increments', 'must be a non-empty array of bands'],
    [[null], 'increments[0]', 'must be an object { from, increment }'],
    [[{ from: 0, increment: 5 }, 7], 'increments[1]', 'must be an object { from, increment }'],
    [[{ from: -1, increment: 5 }], 'increments[0].from', 'must be a non-negative safe integer'],
    [[{ from: 0.5, increment: 5 }], 'increments[0].from', 'must be a non-negative safe integer'],
    [
      [
        { from: 0, increment: 5 },
        { from: 1.5, increment: 5 },
      ],
      'increments[1].from',
      'must be a non-negative safe integer',
    ],
    [
      [
        { from: 0, increment: 5 },
        { from: -3, increment: 5 },
      ],
      'increments[1].from',
      'must be a non-negative safe integer',
    ],
    [[{ from: 0, increment: 0 }], 'increments[0].increment', 'must be a positive safe integer'],
    [[{ from: 0, increment: -2 }], 'increments[0].increment', 'must be a positive safe integer'],
    [[{ from: 0, increment: 2.5 }], 'increments[0].increment', 'must be a positive safe integer'],
    [[{ from: 0, increment: 2 ** 53 }], 'increments[0].increment', 'must be a positive safe integer'],
    [[{ from: 0 }], 'increments[0].increment', 'must be a positive safe integer'],
    [[{ from: 1, increment: 5 }], 'increments[0].from', 'must be 0'],
    [
      [
        { from: 0, increment: 5 },
        { from: 0, increment: 9 },
      ],
      'increments[1].from',
      'must be above increments[0].from',
    ],
    [
      [
        { from: 0, increment: 5 },
        { from: 100, increment: 9 },
        { from: 50, increment: 9 },
      ],
      'increments[2].from',
      'must be above increments[1].from',
    ],
  ])('reject %j: %s %s', (table, path, why) => {
    expect(incrementTableProblem(table)).toEqual({ path, message: `${path} ${why}` });
  });
});

describe('copyIncrementTable', () => {
  it('copies only from and increment, frozen, whatever else the bands carry', () => {
    const table = [
      { from: 0, increment: 5, note: 'a' },
      { from: 100, increment: 10, note: 'b' },
    ];
    const copy = copyIncrementTable(table);
    expect(copy).toStrictEqual([
      { from: 0, increment: 5 },
      { from: 100, increment: 10 },
    ]);
    expect(copy).not.toBe(table);
    expect(Object.isFrozen(copy) && copy.every((b) => Object.isFrozen(b))).toBe(true);
  });
});
