import { describe, expect, it } from 'vitest';
import { initialState } from '../auction/auctionState';
import { fold } from '../auction/fold';
import { OPEN_AT, recorded, soldAuction } from './auditFixture';
import { stateAt } from './stateAt';

describe('stateAt', () => {
  const events = soldAuction();

  it('by version: the state after the event of that version (inclusive)', () => {
    expect(stateAt(events, { version: 0 })).toEqual(initialState());
    expect(stateAt(events, { version: 2 })).toEqual(fold(events.slice(0, 2)));
    expect(stateAt(recorded(events), { version: 4 }).price).toBe(18_200);
    expect(stateAt(events, { version: 99 })).toEqual(fold(events));
  });

  it('by time: after every event whose data.at is at most the time (inclusive)', () => {
    expect(stateAt(events, { at: OPEN_AT - 1 })).toEqual(initialState());
    expect(stateAt(events, { at: OPEN_AT + 1_000 }).leader?.bidderId).toBe('A');
    expect(stateAt(events, { at: OPEN_AT + 1_999 }).bidCount).toBe(1);
    expect(stateAt(events, { at: OPEN_AT + 2_000 }).bidCount).toBe(2);
    // The late bid and its extension share one time: both are in.
    expect(stateAt(events, { at: OPEN_AT + 540_000 }).endsAt).toBe(OPEN_AT + 660_000);
    expect(stateAt(events, { at: OPEN_AT + 900_000 }).status).toBe('closed');
  });
});
