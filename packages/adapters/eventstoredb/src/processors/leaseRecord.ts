import type { StoredEvent } from '../client/storeClient';
import type { PartitionLease } from './processorPort';
import { type StatePointer, statePointerData, toStatePointer } from './state/statePointer';
import { storedFields } from './storedFields';
import type { EventPayload } from './updateLastEvent';

/**
 * A partition as its lease stream's last event holds it, whole: the lease (owner, until when, fencing
 * token), the checkpoint, and where its state's latest record is in the state stream.
 */
export interface LeaseRecord {
  readonly owner: string | null;
  readonly expiresAt: number;
  readonly token: number;
  readonly checkpoint: bigint;
  /** Null while the partition's state is empty and was never written. */
  readonly state: StatePointer | null;
}

/** Why a lease record was written: the event's type, for people reading the stream. */
export type LeaseChange = 'LeaseAcquired' | 'LeaseRenewed' | 'LeaseReleased' | 'CheckpointCommitted';

/** A lease stream keeps its last events only: each holds the whole record. */
export const LEASE_MAX_COUNT = 10;

/** A partition nobody ever took: free, token 0, at the processor's initial checkpoint. */
export const initialLease = (initialCheckpoint: bigint): LeaseRecord => ({
  owner: null,
  expiresAt: 0,
  token: 0,
  checkpoint: initialCheckpoint,
  state: null,
});

/** The event recording `record`. */
export const leaseEvent = (change: LeaseChange, record: LeaseRecord): EventPayload => ({
  type: change,
  data: {
    v: 1,
    owner: record.owner,
    expiresAt: record.expiresAt,
    token: record.token,
    checkpoint: record.checkpoint.toString(),
    state: record.state === null ? null : statePointerData(record.state),
  },
});

/** Decodes a lease stream's last event (undefined: the partition was never written). */
export const toLeaseRecord = (event: StoredEvent | undefined, initialCheckpoint: bigint): LeaseRecord => {
  if (event === undefined) return initialLease(initialCheckpoint);
  const fields = storedFields(event);
  const owner = fields.fields.owner;
  const state = fields.fields.state;
  return {
    owner: owner === null ? null : fields.text('owner'),
    expiresAt: fields.integer('expiresAt'),
    token: fields.integer('token'),
    checkpoint: fields.position('checkpoint'),
    state: state === null || state === undefined ? null : toStatePointer(event, state),
  };
};

/** The port's view of a partition's record. */
export const toPartitionLease = (partition: number, record: LeaseRecord): PartitionLease => ({
  partition,
  owner: record.owner,
  expiresAt: record.expiresAt,
  token: record.token,
  checkpoint: record.checkpoint,
});
