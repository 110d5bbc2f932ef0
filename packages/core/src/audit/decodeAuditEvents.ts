import type { AuctionEvent } from '../auction/events';
import {
  type AuctionEventProblem,
  auctionEventProblem,
  decodeAuctionEvent,
} from '../decoding/decodeAuctionEvent';
import type { AuditInputEvent } from './auditInput';

/** One input event, decoded for the audit: its stream version, and the event or why it cannot be read. */
export type AuditEvent =
  | { readonly version: number; readonly at: number | null; readonly ok: true; readonly event: AuctionEvent }
  | {
      readonly version: number;
      readonly at: number | null;
      readonly ok: false;
      readonly type: string;
      readonly code: AuctionEventProblem['code'];
      readonly message: string;
    };

const atOf = (data: unknown): number | null => {
  const at = typeof data === 'object' && data !== null && 'at' in data ? data.at : undefined;
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
};

/**
 * One event of a stream through the decoder (`decodeAuctionEvent`): its stream version (its
 * `streamVersion`, or `place` when it has none) and its `data.at`, with the event or why it cannot be
 * read (`auctionEventProblem`).
 */
export const decodeAuditEvent = (input: AuditInputEvent, place: number): AuditEvent => {
  const version = typeof input.streamVersion === 'number' ? input.streamVersion : place;
  const event = decodeAuctionEvent(input);
  if (event !== null) return { version, at: atOf(event.data), ok: true, event };
  const problem = auctionEventProblem(input) as AuctionEventProblem;
  return {
    version,
    at: atOf(input.data),
    ok: false,
    type: String(input.type),
    code: problem.code,
    message: problem.message,
  };
};

/** {@link decodeAuditEvent} of every event of a stream, in order. */
export const decodeAuditEvents = (events: readonly AuditInputEvent[]): AuditEvent[] => {
  const decoded: AuditEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) decoded[i] = decodeAuditEvent(events[i] as AuditInputEvent, i + 1);
  return decoded;
};
