import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../client/storeClient';
import { checkCallAlive, type ProcessorCall } from './processorContext';

/** An event a decision writes: its type and JSON data (no metadata). */
export interface EventPayload {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * What a decision on a stream's last event comes to: a result without writing, a result that holds once
 * `write` is appended right after that event, or `'again'` (read the last event again and decide again).
 */
export type Decision<R> =
  | { readonly result: R; readonly write?: undefined }
  | { readonly result: R; readonly write: EventPayload }
  | 'again';

/** Options of {@link updateLastEvent}. */
export interface UpdateOptions {
  /** The stream's `$maxCount`, set when its first event is written (the stream keeps that many). */
  readonly maxCount?: number;
}

/**
 * The one concurrency check of the processor store: a compare-and-set on a stream whose last event is
 * the whole record. Reads the last event (one event, backwards: the cost does not grow with the stream),
 * lets `decide` answer from it, and appends the decision's event at the revision read (expected revision).
 * When someone else wrote in between (wrong expected version), reads again and decides again, until a
 * decision holds or the call runs out of time. A retried append (leader change, lost answer) carries the
 * same event id, so EventStoreDB writes it once.
 *
 * It starts from the event this store last saw in the stream when it has one (`lastSeen`), without
 * reading: a decision to write is appended at that event's revision, which succeeds only if the event is
 * still the last, so a stale one costs a conflict and a read, never a wrong write. A decision not to
 * write is only trusted from a fresh read.
 */
export const updateLastEvent = async <R>(
  call: ProcessorCall,
  stream: string,
  decide: (last: StoredEvent | undefined) => Decision<R> | Promise<Decision<R>>,
  options: UpdateOptions = {},
): Promise<R> => {
  let seen = call.lastSeen.get(stream);
  for (;;) {
    checkCallAlive(call);
    const fresh = seen === undefined;
    const read = seen ?? (await call.withRetry(() => call.client.readLast(stream)));
    seen = undefined;
    const missing = read === 'stream-not-found';
    // `undefined`: the stream exists but its events are all truncated (a reset's clean-up did that).
    const last = missing ? undefined : read;
    if (last === undefined) call.lastSeen.delete(stream);
    else call.lastSeen.set(stream, last);
    const decision = await decide(last);
    if (decision === 'again') continue;
    if (decision.write === undefined) {
      if (fresh) return decision.result;
      continue;
    }
    checkCallAlive(call);
    const event = { id: randomUUID(), type: decision.write.type, data: decision.write.data, metadata: {} };
    const expected = missing ? 'no_stream' : last === undefined ? 'stream_exists' : last.revision;
    const appended = call.withRetry(() => call.client.append(stream, [event], expected));
    // Whoever creates the stream also sets its `$maxCount` (metadata may come before or after events).
    const maxCount = options.maxCount;
    const [outcome] = await Promise.all([
      appended,
      missing && maxCount !== undefined
        ? call.withRetry(() => call.client.setStreamMetadata(stream, { maxCount }))
        : undefined,
    ]);
    if (outcome.kind === 'written') {
      call.lastSeen.set(stream, {
        streamName: stream,
        revision: outcome.revision,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        position: outcome.position,
        createdAt: Date.now(),
      });
      return decision.result;
    }
    call.lastSeen.delete(stream);
  }
};
