import { EventStoreError } from './eventStoreError';
import { isExpectedVersion } from './expectedVersion';
import { isStorableText, MAX_STREAM_NAME_LENGTH, unstorableJsonProblem } from './storableText';

/** The most characters an event id may have. */
const MAX_EVENT_ID_LENGTH = 200;

const invalid = (message: string): EventStoreError => new EventStoreError('INVALID_ARGUMENT', message);

/**
 * Checks the arguments of an `EventStore.appendToStream` call, before the store touches anything,
 * and throws an {@link EventStoreError} with code `'INVALID_ARGUMENT'` whose message names the first
 * wrong argument:
 * - `streamName`: a non-empty string of at most 500 characters;
 * - `events`: a non-empty array of objects, each with a non-empty string `type` and, when given, an
 *   `eventId` of 1 to 200 characters, no id twice in the call;
 * - every string of the call (the stream name, types, event ids, and the strings and keys inside
 *   `data` and `metadata`) well-formed (no lone surrogate) and without U+0000, so that every store
 *   keeps it exactly (see {@link isStorableText}); `data` and `metadata` JSON values (finite numbers,
 *   at most 64 levels deep);
 * - `options.expectedVersion`: an `ExpectedVersion`.
 *
 * It does not look at the stream: an append of which only some ids are already there is each store's
 * own check. Messages name the argument and never quote a bad value.
 */
export const assertAppendToStreamArguments = (
  streamName: unknown,
  events: unknown,
  options: unknown,
): void => {
  if (typeof streamName !== 'string' || streamName.length === 0)
    throw invalid('streamName must be a non-empty string');
  if (streamName.length > MAX_STREAM_NAME_LENGTH)
    throw invalid(`streamName must have at most ${MAX_STREAM_NAME_LENGTH} characters`);
  if (!isStorableText(streamName)) throw invalid('streamName must be well-formed text without U+0000');
  if (!Array.isArray(events) || events.length === 0) throw invalid('events must be a non-empty array');
  if (!isExpectedVersion((options as { expectedVersion?: unknown } | null | undefined)?.expectedVersion))
    throw invalid(
      "options.expectedVersion must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'",
    );
  // Most appends carry one event: only a longer one needs to look for an id given twice.
  const firstIndexOf = events.length > 1 ? new Map<string, number>() : null;
  for (let index = 0; index < events.length; index++) {
    const event: unknown = events[index];
    if (typeof event !== 'object' || event === null) throw invalid(`events[${index}] must be an object`);
    const { type, eventId, data, metadata } = event as {
      type?: unknown;
      eventId?: unknown;
      data?: unknown;
      metadata?: unknown;
    };
    if (typeof type !== 'string' || type.length === 0)
      throw invalid(`events[${index}].type must be a non-empty string`);
    if (!isStorableText(type)) throw invalid(`events[${index}].type must be well-formed text without U+0000`);
    const problem =
      unstorableJsonProblem(data, `events[${index}].data`) ??
      unstorableJsonProblem(metadata, `events[${index}].metadata`);
    if (problem !== null) throw invalid(problem);
    if (eventId === undefined) continue;
    if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > MAX_EVENT_ID_LENGTH)
      throw invalid(`events[${index}].eventId must be a string of 1 to ${MAX_EVENT_ID_LENGTH} characters`);
    if (!isStorableText(eventId))
      throw invalid(`events[${index}].eventId must be well-formed text without U+0000`);
    if (firstIndexOf === null) continue;
    const first = firstIndexOf.get(eventId);
    if (first !== undefined)
      throw invalid(
        `events[${index}].eventId '${eventId}' appears twice in one append (also events[${first}])`,
      );
    firstIndexOf.set(eventId, index);
  }
};
