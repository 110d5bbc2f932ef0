import { formatMoney } from '../money/formatMoney';

/** Formats an amount in minor units in the currency's major units, e.g. 12250 → '$122.50'. */
export type AmountFormatter = (minor: number) => string;

/** The pieces of the en-US currency pattern around the digits, learned once per currency. */
interface CurrencyPattern {
  readonly prefix: string;
  readonly suffix: string;
  readonly digits: number;
}

const patternOf = (currency: string): CurrencyPattern | null => {
  try {
    const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    const parts = formatter.formatToParts(1234.5);
    const first = parts.findIndex((p) => p.type === 'integer');
    let last = -1;
    parts.forEach((p, i) => {
      if (p.type === 'integer' || p.type === 'fraction') last = i;
    });
    if (first < 0) return null;
    return {
      prefix: parts
        .slice(0, first)
        .map((p) => p.value)
        .join(''),
      suffix: parts
        .slice(last + 1)
        .map((p) => p.value)
        .join(''),
      digits: formatter.resolvedOptions().maximumFractionDigits ?? 2,
    };
  } catch {
    return null;
  }
};

/** Groups of three digits with commas: '1234567' → '1,234,567'. */
const grouped = (digits: string): string => {
  let out = '';
  const head = digits.length % 3;
  if (head > 0) out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += (out === '' ? '' : ',') + digits.slice(i, i + 3);
  return out;
};

/**
 * An {@link AmountFormatter} for a currency (ISO 4217 code): exactly what core's `formatMoney` gives
 * in en-US (`$1,234.50`, `¥1,234`), but built from the integer with the currency's pattern learned once,
 * because `formatMoney` (Intl on a decimal string) costs tens of µs a call and the audit formats several
 * amounts per event. The fast form is checked against `formatMoney` on sample amounts when it is built;
 * if they ever differ, every call goes through `formatMoney`. Total, as the audit must be on any record:
 * an amount that is not a non-negative safe integer, or a currency that is not a code, is shown as it
 * is (`12.5 minor units of XX`) instead of throwing.
 */
export const amountFormatter = (currency: string): AmountFormatter => {
  const slow = (minor: number): string => {
    try {
      return formatMoney(minor, currency);
    } catch {
      return `${String(minor)} minor units of ${String(currency)}`;
    }
  };
  const pattern =
    typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? patternOf(currency.toUpperCase()) : null;
  if (pattern === null) return slow;
  const { prefix, suffix, digits } = pattern;
  const fast = (minor: number): string => {
    if (!Number.isSafeInteger(minor) || minor < 0) return slow(minor);
    const text = String(minor).padStart(digits + 1, '0');
    if (digits === 0) return `${prefix}${grouped(text)}${suffix}`;
    return `${prefix}${grouped(text.slice(0, -digits))}.${text.slice(-digits)}${suffix}`;
  };
  const samples = [0, 1, 99, 100, 12_345, 1_000_000, 123_456_789, 1_000_000_000_000, Number.MAX_SAFE_INTEGER];
  return samples.every((s) => fast(s) === slow(s)) ? fast : slow;
};
