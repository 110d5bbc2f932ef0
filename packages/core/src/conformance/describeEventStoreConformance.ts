import { afterEach, beforeEach, describe } from 'vitest';
import type { EventStore } from '../eventStore/eventStore';
import { concurrencySpecs } from './concurrencySpecs';
import type { ConformanceContext } from './conformanceHelpers';
import { expectedVersionSpecs } from './expectedVersionSpecs';
import { hostileTextSpecs } from './hostileTextSpecs';
import { malformedCallSpecs } from './malformedCallSpecs';
import { processorSpecs } from './processorSpecs';
import { processorStoreSpecs, type TransactionProbe } from './processorStoreSpecs';
import { readAppendSpecs } from './readAppendSpecs';
import { subscriptionSpecs } from './subscriptionSpecs';
import { type UnreachableStoreOptions, unreachableSpecs } from './unreachableSpecs';

/** Options of {@link describeEventStoreConformance}. */
export interface EventStoreConformanceOptions {
  /** Creates the store for one test. It may already hold events: the suite never assumes it is empty. */
  readonly createStore: () => EventStore | Promise<EventStore>;
  /** Disposes of a test's store. Default: `store.close()`. */
  readonly destroyStore?: (store: EventStore) => Promise<void>;
  /**
   * For a store with a database server: how to make one whose server cannot be reached (e.g. a closed
   * port), to check that every call fails typed (`UNAVAILABLE` or `TIMEOUT`) within its `timeoutMs`
   * and that a subscription waits it out. Stores without a server leave it out.
   */
  readonly unreachable?: UnreachableStoreOptions;
  /**
   * For a store whose processors run work in a database transaction (`store.processors.transact`):
   * how the suite writes and reads a value with such a transaction. Stores without transactions leave it out.
   */
  readonly transactionProbe?: TransactionProbe;
}

/**
 * The event store conformance suite (vitest): every adapter runs it against itself, unchanged.
 * It covers expected-version semantics for each form, conflicts, version numbering, duplicate event ids,
 * reads from a version, round-trips, global order, malformed calls (`INVALID_ARGUMENT`, nothing
 * written), hostile text (kept exactly or refused alike), subscriptions (history, caught-up, live, category, resume, abort), racing appends, and the processor store (leases, fencing, checkpoints, partition state, transactions). Each test uses its own streams and category, so the suite can run
 * against a shared server that already holds events.
 *
 * @example
 * describeEventStoreConformance('sqlite', { createStore: () => getSqliteEventStore({ path: ':memory:' }) });
 */
export const describeEventStoreConformance = (name: string, options: EventStoreConformanceOptions): void => {
  describe(`event store conformance: ${name}`, () => {
    let current: EventStore | undefined;
    beforeEach(async () => {
      current = await options.createStore();
    });
    afterEach(async () => {
      const store = current;
      current = undefined;
      if (store === undefined) return;
      await (options.destroyStore === undefined ? store.close() : options.destroyStore(store));
    });
    const context: ConformanceContext = {
      store: () => {
        if (current === undefined) throw new Error('no store: createStore has not run for this test');
        return current;
      },
    };
    describe('expected version', () => expectedVersionSpecs(context));
    describe('append and read', () => readAppendSpecs(context));
    describe('malformed calls', () => malformedCallSpecs(context));
    describe('hostile text', () => hostileTextSpecs(context));
    describe('subscribe', () => subscriptionSpecs(context));
    describe('concurrency', () => concurrencySpecs(context));
    describe('processor store', () => processorStoreSpecs(context, options.transactionProbe));
    describe('processors', () => processorSpecs(context));
    const unreachable = options.unreachable;
    if (unreachable !== undefined) describe('an unreachable database', () => unreachableSpecs(unreachable));
  });
};
