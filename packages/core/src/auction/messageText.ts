import { formatMoney } from '../money/formatMoney';

/** The longest part of a caller's id that a message repeats. */
const ID_PREFIX = 40;

/** An id as a message quotes it: whole when short, else a prefix (a message never echoes a huge value). */
export const quoteId = (id: string): string =>
  `'${id.length <= ID_PREFIX ? id : `${id.slice(0, ID_PREFIX)}…`}'`;

/** Money in a message: in the currency's major units (`$194.00`). */
export const moneyText = (amount: number, currency: string): string => {
  try {
    return formatMoney(amount, currency);
  } catch {
    // Only a state built by hand can hold an unusable currency; `decide` still answers.
    return `${amount} minor units of ${currency}`;
  }
};

/** The largest epoch ms a `Date` can show. */
const MAX_DATE_MS = 8.64e15;

/** A time in a message: ISO 8601 in UTC, or the epoch ms beyond the range of `Date`. */
export const instantText = (ms: number): string =>
  Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : `${ms} ms after the epoch`;
