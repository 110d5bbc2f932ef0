import type { AuctionEventType } from '../auction/events';
import { schemaVersionOf } from './schemaVersion';
import type { Upcaster, UpcastSource } from './upcaster';
import { UPCASTERS } from './upcasters';

/** What {@link upcastEventData} returns. */
export type UpcastResult =
  | { readonly ok: true; readonly data: unknown; readonly schemaVersion: number }
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_SCHEMA_VERSION';
      readonly message: string;
    };

/** What {@link upcastWith} returns for a schema version that the chain does not read. */
export const UNREADABLE_VERSION: unique symbol = Symbol('unreadable schema version');

const isReadable = (version: unknown, chain: readonly Upcaster[]): version is number =>
  Number.isSafeInteger(version) && (version as number) >= 1 && (version as number) <= chain.length + 1;

/**
 * The upcasting step of the decoder: runs the event type's `chain` on the event's data from its schema
 * version on. Returns the data itself when there is nothing to do (no allocation), data that is not an
 * object as it is, and {@link UNREADABLE_VERSION} for a schema version the chain does not read.
 */
export const upcastWith = (
  chain: readonly Upcaster[],
  event: UpcastSource,
): unknown | typeof UNREADABLE_VERSION => {
  // Fast path: an event type without upcasters, written without metadata, is version 1 = today's.
  if (chain.length === 0 && event.metadata === undefined) return event.data;
  const version = schemaVersionOf(event.metadata);
  if (!isReadable(version, chain)) return UNREADABLE_VERSION;
  let data = event.data;
  if (typeof data !== 'object' || data === null) return data;
  for (let step = version - 1; step < chain.length; step++)
    data = (chain[step] as Upcaster)(data as Readonly<Record<string, unknown>>, event);
  return data;
};

/**
 * Brings a recorded event's `data` to today's schema: reads its schema version from the metadata
 * (absent = 1) and runs the upcasters from that version on, or says why it cannot. It checks no field:
 * `decodeAuctionEvent` upcasts and checks.
 */
export const upcastEventData = (event: UpcastSource): UpcastResult => {
  const chain = UPCASTERS.get(event.type as AuctionEventType);
  if (chain === undefined)
    return { ok: false, code: 'UNKNOWN_EVENT_TYPE', message: `unknown event type '${event.type}'` };
  const data = upcastWith(chain, event);
  const version = schemaVersionOf(event.metadata);
  if (data === UNREADABLE_VERSION)
    return {
      ok: false,
      code: 'UNKNOWN_SCHEMA_VERSION',
      message: `${event.type} schema version ${JSON.stringify(version)} is not one this code reads (1 to ${chain.length + 1})`,
    };
  return { ok: true, data, schemaVersion: version as number };
};
