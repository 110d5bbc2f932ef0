/** Formats an amount in minor units as a number in the currency's major units, e.g. 12250 → '122.50'. */
export type AmountFormatter = (minor: number) => string;

const fractionDigitsOf = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
};

/**
 * An {@link AmountFormatter} for a currency (ISO 4217 code): as many decimals as the currency has
 * (2 for USD, 0 for JPY), en-US digit grouping, no symbol. An unknown code gets 2 decimals.
 */
export const amountFormatter = (currency: string): AmountFormatter => {
  const digits = fractionDigitsOf(currency);
  const scale = 10 ** digits;
  const number = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return (minor) => number.format(minor / scale);
};
