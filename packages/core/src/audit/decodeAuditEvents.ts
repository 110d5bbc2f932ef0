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
 * Decodes a stream's events once, through the upcasters: each gets its stream version (its
 * `streamVersion`, or its place counting from 1 when it has none) and its `data.at`.
 */
export const decodeAuditEvents = (events: readonly AuditInputEvent[]): AuditEvent[] => {
  const decoded: AuditEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const input = events[i] as AuditInputEvent;
    const version = typeof input.streamVersion === 'number' ? input.streamVersion : i + 1;
    // Fast path: a known type with no upcaster, written without metadata, is already in today's shape.
    if (input.metadata === undefined && UPCASTERS.get(input.type as never)?.length === 0) {
      const data = input.data;
      if (typeof data === 'object' && data !== null) {
        decoded[i] = { version, at: atOf(data), ok: true, event: input as AuctionEvent };
        continue;
      }
    }
    const upcast = upcastEventData(input);
    if (!upcast.ok) {
      decoded[i] = {
        version,
        at: atOf(input.data),
        ok: false,
        type: String(input.type),
        code: upcast.code,
        message: upcast.message,
      };
    } else if (typeof upcast.data !== 'object' || upcast.data === null) {
      decoded[i] = {
        version,
        at: null,
        ok: false,
        type: input.type,
        code: 'MALFORMED_EVENT',
        message: `${input.type} has no data object`,
      };
    } else {
      // The input itself serves as the event when its data is already in today's shape (no copy).
      const event = (
        upcast.data === input.data ? input : { type: input.type, data: upcast.data }
      ) as AuctionEvent;
      decoded[i] = { version, at: atOf(upcast.data), ok: true, event };
    }
  }
  return decoded;
};
