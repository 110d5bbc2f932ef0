import { z } from 'zod';

/** The ISO 4217 codes this runtime's `Intl` knows (`Intl.supportedValuesOf('currency')`), read once. */
export const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** A currency: an ISO 4217 code the runtime's `Intl` lists (`USD`, `EUR`, `JPY`; not `XXX` nor `BTC`). */
export const currencyCode = z
  .string({ error: 'must be an ISO 4217 code, e.g. USD' })
  .refine((code) => SUPPORTED_CURRENCIES.has(code), 'must be an ISO 4217 currency code, e.g. USD or EUR');
