import type { StoredEvent } from '../../client/storeClient';
import { storedFields, unreadableEvent } from '../storedFields';

/**
 * Where a partition's state is, as its lease record points to it: the head event of the latest record
 * in the state stream, and what reading the state from there costs (the changes since the last
 * snapshot, and that snapshot's size), for the snapshot policy.
 */
export interface StatePointer {
  /** The state stream revision of the latest record's head event. */
  readonly head: bigint;
  /** Events of the changes since the last snapshot (their parts included). */
  readonly events: number;
  /** Bytes of those changes. */
  readonly bytes: number;
  /** Bytes of the snapshot they apply to (0 when they apply to the empty state). */
  readonly snapshotBytes: number;
}

/** The JSON of a pointer, as the lease event carries it. */
export const statePointerData = (pointer: StatePointer): Record<string, unknown> => ({
  head: pointer.head.toString(),
  events: pointer.events,
  bytes: pointer.bytes,
  snapshotBytes: pointer.snapshotBytes,
});

/** Decodes the pointer carried by `event` (a lease event). */
export const toStatePointer = (event: StoredEvent, data: unknown): StatePointer => {
  if (typeof data !== 'object' || data === null) throw unreadableEvent(event, "'state' is not an object");
  const fields = storedFields({ ...event, data });
  return {
    head: fields.position('head'),
    events: fields.integer('events'),
    bytes: fields.integer('bytes'),
    snapshotBytes: fields.integer('snapshotBytes'),
  };
};
