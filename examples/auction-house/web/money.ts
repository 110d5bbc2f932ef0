import { formatMoney } from '@gavel/core';

export { formatMoney };

/** The number of minor digits of a currency (2 for USD, 0 for JPY), as `Intl` knows it. */
const minorDigits = (currency: string): number =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
  2;

/**
 * Reads an amount typed in major units (`125.50`, `$1,250`, `125`) as integer minor units (`12550`).
 * @returns null when it is not a positive amount with at most the currency's minor digits
 */
export const parseMajorUnits = (typed: string, currency: string): number | null => {
  const digits = minorDigits(currency);
  const text = typed.trim().replace(/^\$/, '').replace(/,/g, '');
  const match = /^(\d{1,13})(?:\.(\d*))?$/.exec(text);
  if (match === null) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
};

/** The amount for an input's initial value, in major units without symbol (`12550` → `125.50`). */
export const toMajorUnits = (minor: number, currency: string): string => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
};

/** A price or `—` when there is none. */
export const moneyOrDash = (amount: number | null | undefined, currency: string): string =>
  amount === null || amount === undefined ? '—' : formatMoney(amount, currency);
