import {
  type BidderMask,
  type EventStore,
  initialPublicProjection,
  type PartitionStateWriter,
  type PublicProjection,
  projectPublicEvent,
  type RecordedEvent,
} from '@gavel/core';
import { publicChangeMessage } from '../message/publicChangeMessage';
import type { RelayMessage } from '../message/relayMessage';

/** A batch of the public relay: its messages, and what to keep once the broker confirmed them. */
export interface PublicBatch {
  readonly messages: readonly RelayMessage[];
  /** Keeps the batch's projections in memory and in the partition's state (saved with the checkpoint). */
  readonly keep: (state: PartitionStateWriter) => void;
}

/**
 * The public projection of every auction of the partitions a public relay owns (the same fold as the
 * live feed's: `projectPublicEvent` from `@gavel/core`), so that each event becomes the feed's `change`
 * or nothing. See {@link createPublicProjections}.
 */
export interface PublicProjections {
  /** Loads a partition taken by this process, from its state (`streamName → projection`). */
  assign(partition: number, state: ReadonlyMap<string, string>): void;
  /** Forgets a partition no longer owned. */
  revoke(partition: number): void;
  /** Projects a batch without keeping anything: `keep` does, once its messages are confirmed. */
  project(partition: number, events: readonly RecordedEvent[]): Promise<PublicBatch>;
}

const ended = (projection: PublicProjection): boolean =>
  projection.state.status === 'closed' || projection.state.status === 'cancelled';

/** A projection read back from the partition's state, or undefined for one that does not look like one. */
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
 * Creates the public relay's projections. Each open auction's {@link PublicProjection} (the decider's
 * state, O(1) in size, and the last masked view) is kept in memory for the partitions this process owns,
 * and in the partition's processor state, saved in the store with the checkpoint: so a process that
 * takes the partition (after a restart or a takeover) starts from the projection at the checkpoint,
 * exactly where the redelivered events begin, without reading any history. An auction's entry is
 * deleted when it closes or is cancelled (the state holds open auctions only). Whenever the projection
 * at hand is not the one just before an event (an event of a closed auction, or a batch handled again
 * after its checkpoint failed), it is folded again from the store's stream, up to that event.
 */
export const createPublicProjections = (store: EventStore, mask: BidderMask): PublicProjections => {
  const partitions = new Map<number, Map<string, PublicProjection>>();
  const known = (partition: number): Map<string, PublicProjection> => {
    const projections = partitions.get(partition) ?? new Map<string, PublicProjection>();
    partitions.set(partition, projections);
    return projections;
  };

  const refold = async (streamName: string, upToVersion: number): Promise<PublicProjection> => {
    let projection = initialPublicProjection();
    if (upToVersion <= 0) return projection;
    const { events } = await store.readStream(streamName, { maxCount: upToVersion });
    for (const event of events) projection = projectPublicEvent(projection, event, mask).projection;
    return projection;
  };

  return {
    assign: (partition, state) => {
      const projections = known(partition);
      for (const [streamName, text] of state) {
        const projection = parseProjection(text);
        if (projection !== undefined) projections.set(streamName, projection);
      }
    },
    revoke: (partition) => {
      partitions.delete(partition);
    },
    project: async (partition, events) => {
      const projections = known(partition);
      const folded = new Map<string, PublicProjection>();
      const messages: RelayMessage[] = [];
      for (const event of events) {
        let projection = folded.get(event.streamName) ?? projections.get(event.streamName);
        if (projection?.version !== event.streamVersion - 1)
          projection = await refold(event.streamName, event.streamVersion - 1);
        const step = projectPublicEvent(projection, event, mask);
        folded.set(event.streamName, step.projection);
        if (step.change !== null) messages.push(publicChangeMessage(event, step.change));
      }
      return {
        messages,
        keep: (state) => {
          for (const [streamName, projection] of folded) {
            if (ended(projection)) {
              projections.delete(streamName);
              state.delete(streamName);
            } else {
              projections.set(streamName, projection);
              state.set(streamName, JSON.stringify(projection));
            }
          }
        },
      };
    },
  };
};
