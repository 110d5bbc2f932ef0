/** How many formatters are kept; each is costly to build, and a process sees few currencies. */
const CACHE_LIMIT = 64;
const formatters = new Map<string, Intl.NumberFormat>();

const formatterFor = (currency: string, locale: string): Intl.NumberFormat => {
  const key = `${locale} ${currency}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    if (formatters.size >= CACHE_LIMIT) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
};

/**
 * The decimal string of `amount` minor units with `digits` fraction digits, built from the integer so
 * that no amount is rounded through a binary fraction (`19400`, 2 → `194.00`).
 */
const majorUnits = (amount: number, digits: number): `${number}` => {
  const sign = amount < 0 ? '-' : '';
  const minor = String(Math.abs(amount));
  if (digits === 0) return `${sign}${minor}` as `${number}`;
  const padded = minor.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}` as `${number}`;
};

/**
 * Formats an amount of integer minor units in the currency's major units, for people:
 * `formatMoney(19400, 'USD')` is `'$194.00'`, `formatMoney(1234, 'JPY')` is `'¥1,234'`,
 * `formatMoney(1234, 'KWD')` is `'KWD 1.234'`. The number of minor digits is the currency's own (as
 * `Intl.NumberFormat` knows it: 2 for USD, 0 for JPY, 3 for KWD), and every safe integer is formatted
 * exactly.
 * @param amount - integer minor units (cents for USD, yen for JPY)
 * @param currency - an ISO 4217 code such as `'USD'`
 * @param locale - a BCP 47 locale for the digits and symbol; `'en-US'` by default
 * @throws RangeError when `amount` is not a safe integer or `currency` is not three letters
 */
export const formatMoney = (amount: number, currency: string, locale = 'en-US'): string => {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`formatMoney: amount must be a safe integer of minor units, got ${String(amount)}`);
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency))
    throw new RangeError('formatMoney: currency must be a three-letter ISO 4217 code such as USD');
  const formatter = formatterFor(currency, locale);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // A decimal string is formatted exactly (Intl.NumberFormat v3), where a number would be rounded.
  return formatter.format(majorUnits(amount, digits));
};
