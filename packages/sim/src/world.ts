import { type EventStore, getInMemoryEventStore } from '@gavel/core';
import type { FaultSettings } from './faultSettings';
import type { FaultSwitch } from './faultyStore';
import type { LeaseHolders } from './leaseHolders';
import type { Prng } from './prng';
import type { SimTime } from './simTime';
import type { Trace } from './trace';

/** A broken invariant: what and where. */
export interface Violation {
  /** The invariant's name, e.g. `history`, `acknowledged-bid`, `closed-on-time`. */
  readonly invariant: string;
  readonly message: string;
}

/** What every part of one run shares. */
export interface World {
  readonly time: SimTime;
  readonly trace: Trace;
  readonly prng: Prng;
  /** The database: the one store every process reaches through its own faulty connection. */
  readonly database: EventStore;
  /** Streams appended to since the last check. */
  readonly dirty: Set<string>;
  /** The `bidId` of every bid the database holds. */
  readonly recordedBids: Set<string>;
  readonly faults: FaultSwitch;
  /** Who holds each processor lease, as the database granted them. */
  readonly leases: LeaseHolders;
  readonly settings: FaultSettings;
  /** Broken invariants found since the last step. */
  readonly violations: Violation[];
  /** Records a broken invariant (the run stops after the step). */
  violate(invariant: string, message: string): void;
}

/**
 * The shared database: the in-memory store on the simulated clocks (events and leases stamped with the
 * wall clock), each append traced and its stream marked for the next check.
 */
export const createDatabase = (
  time: SimTime,
  trace: Trace,
  dirty: Set<string>,
  recordedBids: Set<string>,
): EventStore => {
  const store = getInMemoryEventStore({ clock: time.clock, leaseClock: time.clock });
  return {
    ...store,
    appendToStream: async (streamName, events, options) => {
      const result = await store.appendToStream(streamName, events, options);
      if (!result.duplicate) {
        dirty.add(streamName);
        for (const event of events) {
          const bidId = (event.data as { bidId?: unknown }).bidId;
          if (typeof bidId === 'string') recordedBids.add(bidId);
        }
        trace.add(
          `db ${streamName} v${result.nextExpectedVersion} ${events.map((event) => event.type).join(',')}@${time.now()}`,
        );
      }
      return result;
    },
  };
};
