import type { PublicHistoryEntry } from '@gavel/core';

/** The CSV header of `gavel export`: the contract's fixed columns, then `kind`. */
export const EXPORT_HEADER = ['version', 'at', 'price', 'bidder', 'automatic', 'kind'] as const;

/** What a row of `gavel export` records: a history entry's kind, or `beaten` for the offer a proxy answered. */
export type ExportRowKind = PublicHistoryEntry['kind'] | 'beaten';

/** One row of `gavel export`, in the order of {@link EXPORT_HEADER}. */
export type ExportRow = readonly [
  version: number,
  at: number,
  price: number | null,
  bidder: string | null,
  automatic: boolean,
  kind: ExportRowKind,
];

/**
 * The rows of the public history as eBay's bid history shows it: one per entry (`bid`, `extended`,
 * `closed`, `retracted`), and for an automatic bid two, the beaten offer first (its bidder and its
 * amount: a straight bid's amount or the max that lost, never above the price; `automatic` false,
 * kind `beaten`), then the proxy's answer (kind `bid`). Both rows carry the entry's version and time.
 * The entries' bidders are masked already; no row carries a maximum above the price.
 */
export const exportRows = (history: readonly PublicHistoryEntry[]): ExportRow[] =>
  history.flatMap((h): ExportRow[] => {
    const row: ExportRow = [h.version, h.at, h.price, h.bidder, h.automatic, h.kind];
    const beaten = h.beaten;
    return beaten === undefined
      ? [row]
      : [[h.version, h.at, beaten.amount, beaten.bidder, false, 'beaten'], row];
  });
