import { formatMoney } from '../money/formatMoney';

/** Formats an amount in minor units in the currency's major units, e.g. 12250 → '$122.50'. */
export type AmountFormatter = (minor: number) => string;

/**
 * An {@link AmountFormatter} for a currency (ISO 4217 code), through core's `formatMoney` (en-US).
 * Total, as the audit must be on any record: an amount that is not a safe integer, or a currency that
 * is not a code, is shown as it is (`12.5 minor units of XX`) instead of throwing.
 */
export const amountFormatter =
  (currency: string): AmountFormatter =>
  (minor) => {
    try {
      return formatMoney(minor, currency);
    } catch {
      return `${String(minor)} minor units of ${String(currency)}`;
    }
  };
