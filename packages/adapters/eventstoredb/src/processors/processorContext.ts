import { EventStoreError } from '@gavel/core';
import type { StoreClient, StoredEvent } from '../client/storeClient';
import type { ActiveRegistration } from './registration';

/** What the processor store's operations share: the store's client, clock and retry policy. */
export interface ProcessorStoreContext {
  readonly client: StoreClient;
  /** The lease clock (epoch ms): this process's, so hosts sharing a server need synchronized clocks. */
  readonly clock: () => number;
  /** Runs one client request, retrying it after a leader change or a transient error. */
  readonly withRetry: <T>(request: () => Promise<T>) => Promise<T>;
  /** Throws `STORE_CLOSED` once the store is closed. */
  readonly ensureOpen: () => void;
  /**
   * The last event this store read or wrote in each processor stream it updates: a compare-and-set may
   * start from it without reading (an append at its revision succeeds only if it is still the last).
   */
  readonly lastSeen: Map<string, StoredEvent>;
  /** The registration this store last read of each processor (checked again at every call). */
  readonly registrations: Map<string, ActiveRegistration>;
}

/** One call of the processor store: the shared context and the call's deadline. */
export interface ProcessorCall extends ProcessorStoreContext {
  /** Aborted when the call has run out of time (it has already rejected with `TIMEOUT` then). */
  readonly deadline: AbortSignal;
}

/**
 * Before each further request of a call that loops (a compare-and-set retried, a chain of state
 * events): stops once the call is out of time or the store closed.
 */
export const checkCallAlive = (call: ProcessorCall): void => {
  call.ensureOpen();
  if (call.deadline.aborted)
    throw new EventStoreError('TIMEOUT', 'the EventStoreDB processor call ran out of time');
};
