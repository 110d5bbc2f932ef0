import {
  type BidderMask,
  type EventStore,
  initialPublicProjection,
  type PartitionStateWriter,
  type PublicProjection,
  projectPublicEvent,
  type RecordedEvent,
} from '@gavel/core';
import { publicChangeMessage } from '../messages/publicChangeMessage';
import type { RelayMessage } from '../messages/relayMessage';

/** The public messages of a batch, and how to keep the projections they leave once they are published. */
export interface ProjectedBatch {
  readonly messages: readonly RelayMessage[];
  /** Keeps the batch's projections in memory and writes them to the partition's state (saved with its checkpoint). */
  readonly commit: (state: PartitionStateWriter) => void;
}

/**
 * The public projection of every open auction of the partitions this process owns, for a public relay.
 * Each auction's {@link PublicProjection} (its decider state, the version folded and the masked view:
 * O(1) in size) is kept in the partition's state under its stream name, saved with the checkpoint, so
 * the projection always matches the checkpoint: after a crash the events after it are folded again from
 * the state as it was then, and make the same messages (the same ids, dropped by JetStream). A closed or
 * cancelled auction's projection is deleted. An auction met without its projection past version 1 (a
 * relay started `from: 'end'`, or an event after the close) is folded from its stream first.
 */
export interface PublicProjections {
  /** Loads a partition's projections (`onAssigned`). */
  assigned(partition: number, state: ReadonlyMap<string, string>): void;
  /** Forgets a partition (`onRevoked`). */
  drop(partition: number): void;
  /** Projects a batch of the partition: nothing changes until `commit`. */
  project(partition: number, events: readonly RecordedEvent[]): Promise<ProjectedBatch>;
}

/** What {@link createPublicProjections} needs. */
export interface PublicProjectionsOptions {
  readonly store: EventStore;
  readonly mask: BidderMask;
  readonly subjectPrefix: string;
}

const ended = (projection: PublicProjection): boolean =>
  projection.state.status === 'closed' || projection.state.status === 'cancelled';

/** Folds the stream's events after `projection.version` up to `version` (the store is read, nothing is sent). */
const catchUp = async (
  options: PublicProjectionsOptions,
  streamName: string,
  projection: PublicProjection,
  version: number,
): Promise<PublicProjection> => {
  const { events } = await options.store.readStream(streamName, {
    fromVersion: projection.version,
    maxCount: version - projection.version,
  });
  let folded = projection;
  for (const event of events) folded = projectPublicEvent(folded, event, options.mask).projection;
  return folded;
};

/** Creates the {@link PublicProjections} of one public relay. */
export const createPublicProjections = (options: PublicProjectionsOptions): PublicProjections => {
  const byPartition = new Map<number, Map<string, PublicProjection>>();
  return {
    assigned: (partition, state) => {
      const projections = new Map<string, PublicProjection>();
      for (const [streamName, json] of state)
        projections.set(streamName, JSON.parse(json) as PublicProjection);
      byPartition.set(partition, projections);
    },
    drop: (partition) => {
      byPartition.delete(partition);
    },
    project: async (partition, events) => {
      const projections = byPartition.get(partition) ?? new Map<string, PublicProjection>();
      const updated = new Map<string, PublicProjection>();
      const messages: RelayMessage[] = [];
      for (const event of events) {
        const name = event.streamName;
        let projection = updated.get(name) ?? projections.get(name) ?? initialPublicProjection();
        if (event.streamVersion <= projection.version) continue; // folded already
        if (event.streamVersion > projection.version + 1)
          projection = await catchUp(options, name, projection, event.streamVersion - 1);
        const step = projectPublicEvent(projection, event, options.mask);
        updated.set(name, step.projection);
        if (step.change !== null)
          messages.push(publicChangeMessage(step.change, event, options.subjectPrefix));
      }
      return {
        messages,
        commit: (state) => {
          for (const [name, projection] of updated) {
            if (ended(projection)) {
              projections.delete(name);
              state.delete(name);
            } else {
              projections.set(name, projection);
              state.set(name, JSON.stringify(projection));
            }
          }
          byPartition.set(partition, projections);
        },
      };
    },
  };
};
