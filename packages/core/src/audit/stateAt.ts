import { type AuctionState, initialState } from '../auction/auctionState';
import { evolve } from '../auction/evolve';
import type { AuditInputEvent } from './auditInput';
import { decodeAuditEvent } from './decodeAuditEvents';

/** The moment {@link stateAt} looks at: a time (epoch ms, by `data.at`) or a stream version. */
export type AuditMoment = { readonly at: number } | { readonly version: number };

/**
 * The auction's state at a moment, both bounds inclusive: `{ version }` is the state after the event
 * of that version; `{ at }` the state after every event whose `data.at <= at` (time is the decision's
 * clock, not the store's `recordedAt`). Events are brought to today's schema first; events that cannot
 * be read change nothing.
 */
export const stateAt = (events: readonly AuditInputEvent[], moment: AuditMoment): AuctionState => {
  const byVersion = 'version' in moment;
  const limit = byVersion ? moment.version : moment.at;
  let state = initialState();
  for (let i = 0; i < events.length; i++) {
    const item = decodeAuditEvent(events[i] as AuditInputEvent, i + 1);
    if (byVersion ? item.version > limit : item.at === null || item.at > limit) break;
    if (item.ok) state = evolve(state, item.event);
  }
  return state;
};
