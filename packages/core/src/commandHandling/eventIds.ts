/**
 * The event id of the `n`-th event (0-based) of one decision: `bid:<bidId>` for a bid's first event,
 * `bid:<bidId>:<n>` for the ones after it, and `cmd:<commandId>…` likewise for other commands. Derived
 * from the bid, so a store also recognises a retried bid as a duplicate.
 */
export const decisionEventId = (key: DecisionKey, n: number): string => {
  const base = key.bidId === undefined ? `cmd:${key.commandId}` : `bid:${key.bidId}`;
  return n === 0 ? base : `${base}:${n}`;
};

/** What identifies one decision: the bid's id for bids, a random command id for the rest. */
export type DecisionKey =
  | { readonly bidId: string; readonly commandId?: undefined }
  | { readonly bidId?: undefined; readonly commandId: string };

/** The longest `bidId` the service takes (event ids stay within the port's 200 characters). */
export const MAX_BID_ID_LENGTH = 128;
