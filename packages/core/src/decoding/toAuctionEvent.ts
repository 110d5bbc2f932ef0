import type { AuctionEvent, AuctionEventType } from '../auction/events';
import type { RecordedEvent } from '../eventStore/eventStore';
import { upcastEventData } from './upcastEventData';
import type { UpcastSource } from './upcaster';
import { UPCASTERS } from './upcasters';

/**
 * A recorded auction event, typed: the store's fields (`streamVersion`, `globalPosition`, …) with the
 * `type` and `data` of one {@link AuctionEvent}. An array of them folds directly: `fold(events)`.
 */
export type RecordedAuctionEvent = AuctionEvent extends infer E
  ? E extends AuctionEvent
    ? Omit<RecordedEvent, 'type' | 'data'> & E
    : never
  : never;

/**
 * A recorded event as the decider sees it: its `type` and `data` only (the store's fields and the
 * metadata are dropped), its data brought to today's schema by the upcasters (see
 * `upcastEventData`; an event without a schema version is version 1). The event is trusted to be
 * one of the auction's own: a stream is written by the service, which appends only decided events. An
 * unknown type or schema version passes through unchanged (`evolve` ignores unknown types); `verify` of
 * `@gavel/core/audit` reports them.
 */
export const toAuctionEvent = (recorded: UpcastSource): AuctionEvent => {
  const chain = UPCASTERS.get(recorded.type as AuctionEventType);
  if (chain === undefined || chain.length === 0)
    return { type: recorded.type, data: recorded.data } as AuctionEvent;
  const upcast = upcastEventData(recorded);
  return { type: recorded.type, data: upcast.ok ? upcast.data : recorded.data } as AuctionEvent;
};

/**
 * A recorded event with its data brought to today's schema, every store field kept. Returns the event
 * itself when its data is already in today's shape.
 */
export const upcastRecordedEvent = <E extends UpcastSource>(recorded: E): E => {
  const upcast = upcastEventData(recorded);
  return upcast.ok && upcast.data !== recorded.data ? { ...recorded, data: upcast.data } : recorded;
};
