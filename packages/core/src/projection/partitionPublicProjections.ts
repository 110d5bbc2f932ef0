import type { EventStore, RecordedEvent } from '../eventStore/eventStore';
import type { PartitionStateWriter } from '../processing/processorOptions';
import type { BidderMask } from './bidderMask';
import { type PublicChange, projectPublicEvent } from './projectPublicEvent';
import { initialPublicProjection, type PublicProjection } from './publicProjection';

/** One event of a batch that changes what the public sees, with the change. */
export interface PublicBatchChange {
  readonly event: RecordedEvent;
  readonly change: PublicChange;
}

/** A batch projected: its public changes, and what to keep once they are delivered. */
export interface ProjectedPublicBatch {
  /** The batch's events that change what the public sees, in order, each with its change. */
  readonly changes: readonly PublicBatchChange[];
  /**
   * Keeps the batch's projections in memory and writes them to the partition's state (saved with the
   * checkpoint). Call it once the changes are delivered, with the handler's `state`.
   */
  readonly keep: (state: PartitionStateWriter) => void;
}

/**
 * The public projection of every open auction of the partitions a processor owns, for a handler that
 * sends the public changes elsewhere (a public relay). See {@link createPartitionPublicProjections}.
 */
export interface PartitionPublicProjections {
  /** Loads a partition this process took, from its state (`streamName → projection`): `onAssigned`. */
  assign(partition: number, state: ReadonlyMap<string, string>): void;
  /** Forgets a partition no longer owned: `onRevoked`. */
  revoke(partition: number): void;
  /** Projects a batch of the partition; nothing is kept until the batch's `keep`. */
  project(partition: number, events: readonly RecordedEvent[]): Promise<ProjectedPublicBatch>;
}

/** What {@link createPartitionPublicProjections} needs. */
export interface PartitionPublicProjectionsOptions {
  /** The store, read only to fold an auction met without its projection. */
  readonly store: EventStore;
  /** Masks bidder ids, as the live feed does. */
  readonly mask: BidderMask;
}

const ended = (projection: PublicProjection): boolean =>
  projection.state.status === 'closed' || projection.state.status === 'cancelled';

/** A projection read back from a partition's state, or undefined for text that is not one. */
const parseProjection = (text: string): PublicProjection | undefined => {
  try {
    const value = JSON.parse(text) as Partial<PublicProjection> | null;
    if (value === null || typeof value !== 'object') return undefined;
    if (!Number.isSafeInteger(value.version) || typeof value.state !== 'object' || value.state === null)
      return undefined;
    return { state: value.state, version: value.version as number, view: value.view ?? null };
  } catch {
    return undefined;
  }
};

/**
 * Keeps the public projection (`projectPublicEvent`, the live feed's fold) of each open auction of the
 * partitions a processor owns, so that its handler turns each event into the feed's change or nothing.
 * Each auction's projection (the decider's state, the version folded and the masked view: O(1) in size)
 * is kept in memory and in the partition's processor state, saved with the checkpoint: a process that
 * takes the partition (a restart, a takeover) starts from the projection at the checkpoint, exactly
 * where the redelivered events begin, and makes the same changes again. A closed or cancelled auction's
 * projection is deleted. An event already folded is skipped; an auction met without the projection just
 * before its event (a processor started `from: 'end'`, an event after the close) is folded from its
 * stream first.
 *
 * @example
 * const projections = createPartitionPublicProjections({ store, mask });
 * createProcessor({
 *   store, name: 'public-relay', category: 'auction',
 *   onAssigned: projections.assign, onRevoked: projections.revoke,
 *   handle: async (events, { partition, state }) => {
 *     const batch = await projections.project(partition, events);
 *     await send(batch.changes);
 *     batch.keep(state);
 *   },
 * });
 */
export const createPartitionPublicProjections = (
  options: PartitionPublicProjectionsOptions,
): PartitionPublicProjections => {
  const { store, mask } = options;
  const partitions = new Map<number, Map<string, PublicProjection>>();
  const known = (partition: number): Map<string, PublicProjection> => {
    const projections = partitions.get(partition) ?? new Map<string, PublicProjection>();
    partitions.set(partition, projections);
    return projections;
  };

  /** Folds the stream from `projection` up to `version` (the store is read, nothing is sent). */
  const catchUp = async (
    streamName: string,
    projection: PublicProjection,
    version: number,
  ): Promise<PublicProjection> => {
    const { events } = await store.readStream(streamName, {
      fromVersion: projection.version,
      maxCount: version - projection.version,
    });
    let folded = projection;
    for (const event of events) folded = projectPublicEvent(folded, event, mask).projection;
    return folded;
  };

  return {
    assign: (partition, state) => {
      const projections = new Map<string, PublicProjection>();
      for (const [streamName, text] of state) {
        const projection = parseProjection(text);
        if (projection !== undefined) projections.set(streamName, projection);
      }
      partitions.set(partition, projections);
    },
    revoke: (partition) => {
      partitions.delete(partition);
    },
    project: async (partition, events) => {
      const projections = known(partition);
      const folded = new Map<string, PublicProjection>();
      const changes: PublicBatchChange[] = [];
      for (const event of events) {
        const name = event.streamName;
        let projection = folded.get(name) ?? projections.get(name) ?? initialPublicProjection();
        if (event.streamVersion <= projection.version) continue; // folded already
        if (event.streamVersion > projection.version + 1)
          projection = await catchUp(name, projection, event.streamVersion - 1);
        const step = projectPublicEvent(projection, event, mask);
        folded.set(name, step.projection);
        if (step.change !== null) changes.push({ event, change: step.change });
      }
      return {
        changes,
        keep: (state) => {
          for (const [name, projection] of folded) {
            if (ended(projection)) {
              projections.delete(name);
              state.delete(name);
            } else {
              projections.set(name, projection);
              state.set(name, JSON.stringify(projection));
            }
          }
        },
      };
    },
  };
};
