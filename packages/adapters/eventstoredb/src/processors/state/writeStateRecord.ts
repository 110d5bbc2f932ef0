import { randomUUID } from 'node:crypto';
import { EventStoreError } from '@gavel/core';
import { checkCallAlive, type ProcessorCall } from '../processorContext';
import type { EventPayload } from '../updateLastEvent';
import type { EncodedStateRecord } from './stateRecord';

/** Where a record landed in the state stream. */
export interface WrittenStateRecord {
  /** The revision of its head event (what the lease record points to). */
  readonly head: bigint;
  /** The revision of its first event (its first part, or the head). */
  readonly first: bigint;
}

/**
 * Appends a record's events to the partition's state stream, parts first, at any revision: the record
 * counts only once a lease record points to its head (a commit that is then refused leaves it
 * unreachable, skipped by every read). A retried append carries the same id, so it is written once.
 */
export const writeStateRecord = async (
  call: ProcessorCall,
  stream: string,
  record: EncodedStateRecord,
): Promise<WrittenStateRecord> => {
  const append = async (payload: EventPayload): Promise<bigint> => {
    checkCallAlive(call);
    const event = { id: randomUUID(), type: payload.type, data: payload.data, metadata: {} };
    const outcome = await call.withRetry(() => call.client.append(stream, [event], 'any'));
    if (outcome.kind !== 'written')
      throw new EventStoreError(
        'UNAVAILABLE',
        `EventStoreDB refused an append at any revision to '${stream}'`,
      );
    return outcome.revision;
  };
  const parts: bigint[] = [];
  for (const part of record.parts) parts.push(await append(part));
  const head = await append(record.head(parts));
  return { head, first: parts[0] ?? head };
};
