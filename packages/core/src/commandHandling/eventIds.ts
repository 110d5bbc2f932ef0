import { MAX_ID_LENGTH } from './commandText';

/** `~`: the first character of every event id that is not a bid's own `bidId`. */
const MARK = 126;

/**
 * The event id of the `n`-th event (0-based) of one decision. A bid's first event has the `bidId`
 * itself as its id (the same string: no new string per bid, and its hash is computed once for every
 * index it goes in); every other id starts with `~`:
 * - `~<n>:<bidId>` for the `n`-th event after a bid's first (e.g. `~1:b-7`, a soft-close extension);
 * - `~c:<commandId>` and `~c<n>:<commandId>` for the events of other commands;
 * - `~<bidId>` for the first event of a bid whose `bidId` itself starts with `~` (so `~~x` for `~x`).
 *
 * The encoding is one-to-one, so no two decisions ever share an event id, whatever the bidIds are, and
 * a store recognises a retried bid by its ids alone.
 */
export const decisionEventId = (key: DecisionKey, n: number): string => {
  const bidId = key.bidId;
  if (bidId === undefined) return n === 0 ? `~c:${key.commandId}` : `~c${n}:${key.commandId}`;
  if (n > 0) return `~${n}:${bidId}`;
  return bidId.charCodeAt(0) === MARK ? `~${bidId}` : bidId;
};

/** What identifies one decision: the bid's id for bids, a random command id for the rest. */
export type DecisionKey =
  | { readonly bidId: string; readonly commandId?: undefined }
  | { readonly bidId?: undefined; readonly commandId: string };

/** The longest `bidId` the service takes (event ids stay within the port's 200 characters). */
export const MAX_BID_ID_LENGTH = MAX_ID_LENGTH;
