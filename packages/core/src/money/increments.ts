/** One band of an increment table: from `from` (inclusive, minor units) upward, bids rise by `increment`. */
export interface IncrementBand {
  readonly from: number;
  readonly increment: number;
}

/** An increment table: bands ascending by `from`, the first at 0. */
export type IncrementTable = readonly IncrementBand[];

const band = (from: number, increment: number): IncrementBand => Object.freeze({ from, increment });

/** eBay's US-dollar table, in cents. */
const ebayUsd: IncrementTable = Object.freeze([
  band(0, 5),
  band(100, 25),
  band(500, 50),
  band(2500, 100),
  band(10000, 250),
  band(25000, 500),
  band(50000, 1000),
  band(100000, 2500),
  band(250000, 5000),
  band(500000, 10000),
]);

/** A table of one band: every bid rises by `increment`. */
const flat = (increment: number): IncrementTable => Object.freeze([band(0, increment)]);

/** The built-in increment tables. */
export const increments = Object.freeze({ ebayUsd, flat });

/**
 * The increment of the band that `amount` falls in: the last band whose `from` is at most `amount`.
 * The table is trusted to be valid (see {@link incrementTableProblem}).
 */
export const incrementAt = (table: IncrementTable, amount: number): number => {
  // The first band is at 0: below it (a negative amount) the first band's increment still applies.
  let i = table.length - 1;
  while (i > 0 && (table[i] as IncrementBand).from > amount) i--;
  return (table[i] as IncrementBand).increment;
};

/** What is wrong with an increment table: the path of the wrong part (`increments[1].from`) and why. */
export interface IncrementTableProblem {
  readonly path: string;
  readonly message: string;
}

const wrong = (path: string, why: string): IncrementTableProblem => ({ path, message: `${path} ${why}` });

/**
 * Checks a custom increment table: a non-empty array of `{ from, increment }` bands, the first at 0,
 * strictly ascending, with safe integer `from` and positive safe integer `increment`.
 * @returns `null` when the table is valid, or the first problem, with the path of the wrong part.
 */
export const incrementTableProblem = (table: unknown): IncrementTableProblem | null => {
  if (!Array.isArray(table) || table.length === 0)
    return wrong('increments', 'must be a non-empty array of bands');
  let previous = -1;
  for (let i = 0; i < table.length; i++) {
    const b: unknown = table[i];
    if (typeof b !== 'object' || b === null)
      return wrong(`increments[${i}]`, 'must be an object { from, increment }');
    const { from, increment } = b as Record<string, unknown>;
    if (!Number.isSafeInteger(from) || (from as number) < 0)
      return wrong(`increments[${i}].from`, 'must be a non-negative safe integer');
    if (!Number.isSafeInteger(increment) || (increment as number) <= 0)
      return wrong(`increments[${i}].increment`, 'must be a positive safe integer');
    if (i === 0 && from !== 0) return wrong('increments[0].from', 'must be 0');
    if ((from as number) <= previous)
      return wrong(`increments[${i}].from`, `must be above increments[${i - 1}].from`);
    previous = from as number;
  }
  return null;
};

/** A frozen copy of a valid table, keeping only `from` and `increment`. */
export const copyIncrementTable = (table: IncrementTable): IncrementTable =>
  Object.freeze(table.map((b) => band(b.from, b.increment)));
