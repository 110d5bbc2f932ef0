import type { AuctionEvent } from '../auction/events';
import { upcastEventData } from '../decoding/upcastEventData';
import { UPCASTERS } from '../decoding/upcasters';
import type { AuditInputEvent } from './auditInput';

/** One input event, decoded for the audit: its stream version, and the event or why it cannot be read. */
export type AuditEvent =
  | { readonly version: number; readonly at: number | null; readonly ok: true; readonly event: AuctionEvent }
  | {
      readonly version: number;
      readonly at: number | null;
      readonly ok: false;
      readonly type: string;
      readonly code: 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_SCHEMA_VERSION' | 'MALFORMED_EVENT';
      readonly message: string;
    };

const atOf = (data: unknown): number | null => {
  const at = (data as { at?: unknown } | null)?.at;
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
};

/**
 * Decodes one event of a stream through the upcasters: its stream version (its `streamVersion`, or
 * `place` when it has none) and its `data.at`, with the event or why it cannot be read.
 */
export const decodeAuditEvent = (input: AuditInputEvent, place: number): AuditEvent => {
  const version = typeof input.streamVersion === 'number' ? input.streamVersion : place;
  // Fast path: a known type with no upcaster, written without metadata, is already in today's shape.
  if (input.metadata === undefined && UPCASTERS.get(input.type as never)?.length === 0) {
    const data = input.data;
    if (typeof data === 'object' && data !== null)
      return { version, at: atOf(data), ok: true, event: input as AuctionEvent };
  }
  const upcast = upcastEventData(input);
  if (!upcast.ok)
    return {
      version,
      at: atOf(input.data),
      ok: false,
      type: String(input.type),
      code: upcast.code,
      message: upcast.message,
    };
  if (typeof upcast.data !== 'object' || upcast.data === null)
    return {
      version,
      at: null,
      ok: false,
      type: input.type,
      code: 'MALFORMED_EVENT',
      message: `${input.type} has no data object`,
    };
  // The input itself serves as the event when its data is already in today's shape (no copy).
  const event = (
    upcast.data === input.data ? input : { type: input.type, data: upcast.data }
  ) as AuctionEvent;
  return { version, at: atOf(upcast.data), ok: true, event };
};

/** {@link decodeAuditEvent} of every event of a stream, in order. */
export const decodeAuditEvents = (events: readonly AuditInputEvent[]): AuditEvent[] => {
  const decoded: AuditEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) decoded[i] = decodeAuditEvent(events[i] as AuditInputEvent, i + 1);
  return decoded;
};
