import type { AuctionEvent, AuctionEventType } from '../auction/events';
import { auctionEventFieldProblem } from './auctionEventFields';
import { UNREADABLE_VERSION, upcastEventData, upcastWith } from './upcastEventData';
import type { UpcastSource } from './upcaster';
import { UPCASTERS } from './upcasters';

/**
 * An event decoded by {@link decodeAuctionEvent}: the input's other fields (a recorded event's
 * `streamVersion`, `globalPosition`, …) with the `type` and `data` of one {@link AuctionEvent}, so that
 * `event.type === 'BidPlaced'` narrows `event.data`.
 */
export type DecodedAuctionEvent<E extends UpcastSource> = AuctionEvent extends infer A
  ? A extends AuctionEvent
    ? Omit<E, 'type' | 'data'> & A
    : never
  : never;

/** Why {@link decodeAuctionEvent} cannot read an event (see {@link auctionEventProblem}). */
export interface AuctionEventProblem {
  /**
   * `UNKNOWN_EVENT_TYPE`: not an auction event's type; `UNKNOWN_SCHEMA_VERSION`: a schema version this
   * code does not read (a newer writer's); `MALFORMED_EVENT`: data without a field its type promises,
   * or with one of the wrong type.
   */
  readonly code: 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_SCHEMA_VERSION' | 'MALFORMED_EVENT';
  readonly message: string;
}

/**
 * The one decoder of recorded auction events: brings the event's data to today's schema through the
 * upcasters (its schema version is `metadata.schemaVersion`, absent = 1) and checks that it holds every
 * field its type promises, each of its type. Returns the event itself when its data is already in
 * today's shape (no allocation), a copy with the upcast data otherwise, and null when it cannot read it
 * (an unknown type or schema version, or malformed data: {@link auctionEventProblem} says which).
 *
 * `readAuctionEvents`, `followStore` and the processors deliver events decoded by it.
 *
 * @example
 * const event = decodeAuctionEvent(recorded);
 * if (event?.type === 'BidPlaced') console.log(event.data.amount);
 */
export const decodeAuctionEvent = <E extends UpcastSource>(event: E): DecodedAuctionEvent<E> | null => {
  const type = event.type as AuctionEventType;
  const chain = UPCASTERS.get(type);
  if (chain === undefined) return null;
  const data = upcastWith(chain, event);
  if (data === UNREADABLE_VERSION || auctionEventFieldProblem(type, data) !== null) return null;
  return (data === event.data ? event : { ...event, data }) as DecodedAuctionEvent<E>;
};

/**
 * Why {@link decodeAuctionEvent} cannot read this event, in words naming the field at fault; null when it
 * can. For reports (the audit's findings): the decoder itself says only whether.
 */
export const auctionEventProblem = (event: UpcastSource): AuctionEventProblem | null => {
  const upcast = upcastEventData(event);
  if (!upcast.ok) return { code: upcast.code, message: upcast.message };
  const field = auctionEventFieldProblem(event.type as AuctionEventType, upcast.data);
  if (field === null) return null;
  return {
    code: 'MALFORMED_EVENT',
    message:
      field === 'data'
        ? `${event.type} has no data object`
        : `${event.type} data.${field} is missing or not of its type`,
  };
};
