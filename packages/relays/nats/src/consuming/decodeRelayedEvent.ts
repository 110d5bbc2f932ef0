import {
  type AuctionEventProblem,
  auctionEventProblem,
  decodeAuctionEvent,
  type RecordedAuctionEvent,
  type RecordedEventJson,
  recordedEventFromJson,
} from '@gavel/core';

/** What {@link decodeRelayedEvent} and `decodePublicChange` answer: the value, or why there is none. */
export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /**
       * `NOT_A_GAVEL_MESSAGE`: not a body a relay writes (an auction event without the fields its type
       * promises included). `UNKNOWN_EVENT_TYPE`: a Gavel event this code does not know, or a schema
       * version it does not read (a newer writer).
       */
      readonly code: 'NOT_A_GAVEL_MESSAGE' | 'UNKNOWN_EVENT_TYPE';
      readonly message: string;
    };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as JSON, or null when it is not a JSON object. */
export const parseBody = (body: string | Uint8Array): Record<string, unknown> | null => {
  try {
    const parsed: unknown = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
};

const isRecordedEventJson = (
  json: Record<string, unknown>,
): json is Record<string, unknown> & RecordedEventJson =>
  typeof json.type === 'string' &&
  isRecord(json.data) &&
  (json.metadata === undefined || isRecord(json.metadata)) &&
  typeof json.eventId === 'string' &&
  typeof json.streamName === 'string' &&
  json.streamName.startsWith('auction-') &&
  Number.isSafeInteger(json.streamVersion) &&
  (json.streamVersion as number) >= 1 &&
  typeof json.globalPosition === 'string' &&
  /^\d+$/.test(json.globalPosition) &&
  typeof json.recordedAt === 'number';

/**
 * Decodes the body of a relayed event (the JSON form `recordedEventToJson` writes) into a typed
 * {@link RecordedAuctionEvent} through core's `decodeAuctionEvent`: its data brought to today's schema,
 * its fields checked.
 *
 * @example
 * const decoded = decodeRelayedEvent(message.data);
 * if (decoded.ok && decoded.value.type === 'AuctionClosed') console.log(decoded.value.data.outcome);
 */
export const decodeRelayedEvent = (body: string | Uint8Array): DecodeResult<RecordedAuctionEvent> => {
  const json = parseBody(body);
  if (json === null || !isRecordedEventJson(json))
    return { ok: false, code: 'NOT_A_GAVEL_MESSAGE', message: 'the body is not a relayed Gavel event' };
  const recorded = recordedEventFromJson(json);
  const event = decodeAuctionEvent(recorded);
  if (event !== null) return { ok: true, value: event };
  const problem = auctionEventProblem(recorded) as AuctionEventProblem;
  return {
    ok: false,
    code: problem.code === 'MALFORMED_EVENT' ? 'NOT_A_GAVEL_MESSAGE' : 'UNKNOWN_EVENT_TYPE',
    message: `${recorded.streamName}@${recorded.streamVersion}: ${problem.message}`,
  };
};
