import {
  createPartitionPublicProjections,
  type PartitionStateWriter,
  type ProcessorStats,
  type RecordedEvent,
} from '@gavel/core';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { eventMessage } from '../messages/eventMessage';
import { publicChangeMessage } from '../messages/publicChangeMessage';
import type { RelayMessage } from '../messages/relayMessage';
import { isNatsRelayError, toNatsRelayError } from '../natsRelayError';
import type { NormalizedRelayOptions } from '../relayOptions';
import type { NatsRelayStats } from '../relayStats';
import { ensureStream, type StreamSetup } from './ensureStream';
import { publishInStreamOrder } from './publishInStreamOrder';
import { createStoredVersions } from './storedVersions';

/** The relay's part of a processor: its handler, its partition callbacks and its counters. */
export interface RelayHandler {
  readonly handle: (
    events: readonly RecordedEvent[],
    context: { readonly partition: number; readonly state: PartitionStateWriter },
  ) => Promise<void>;
  readonly assigned: (partition: number, state: ReadonlyMap<string, string>) => void;
  readonly revoked: (partition: number) => void;
  readonly stats: () => Omit<NatsRelayStats, keyof ProcessorStats>;
}

/**
 * Creates the relay's handler. A batch is turned into messages (each event as it is, or the public
 * changes it makes), those the stream already holds are left out (see `createStoredVersions`), the rest
 * are published in stream order per auction (`publishInStreamOrder`), and the handler resolves only once
 * JetStream acknowledged every one: the processor moves the checkpoint only then. A failure is thrown as
 * a `NatsRelayError`, so the processor sends the batch again after a backoff, and kept for `stats()`.
 */
export const createRelayHandler = (options: NormalizedRelayOptions): RelayHandler => {
  const { connection, stream, subjectPrefix, publishTimeoutMs, mask } = options;
  const js = jetstream(connection, { timeout: publishTimeoutMs });
  let manager: Promise<JetStreamManager> | undefined;
  const getManager = (): Promise<JetStreamManager> => {
    manager ??= jetstreamManager(connection, { checkAPI: false, timeout: publishTimeoutMs }).catch(
      (error: unknown) => {
        manager = undefined;
        throw toNatsRelayError(error, 'opening the JetStream manager');
      },
    );
    return manager;
  };
  /** The stream, found or made once; again after a failure or a publish that nobody answered. */
  let setup: Promise<StreamSetup> | undefined;
  let duplicateWindowMs = options.duplicateWindowMs;
  const streamReady = (): Promise<StreamSetup> => {
    setup ??= getManager()
      .then((jsm) => ensureStream(jsm, { ...options, duplicateWindowMs }))
      .then(
        (found) => {
          duplicateWindowMs = found.duplicateWindowMs;
          return found;
        },
        (error: unknown) => {
          setup = undefined;
          throw error;
        },
      );
    return setup;
  };
  const storedVersions = createStoredVersions({
    manager: getManager,
    stream,
    subjectPrefix,
    clock: options.clock,
    duplicateWindowMs: () => duplicateWindowMs,
  });
  const projections =
    mask === undefined ? undefined : createPartitionPublicProjections({ store: options.store, mask });
  const counters = { published: 0, duplicates: 0, alreadyStored: 0 };
  let lastRelayError: NatsRelayStats['lastRelayError'];

  const publish = async (partition: number, messages: readonly RelayMessage[]): Promise<void> => {
    await streamReady();
    const { messages: toSend, skipped } = await storedVersions.toPublish(partition, messages);
    await publishInStreamOrder(js, toSend, {
      stream,
      timeoutMs: publishTimeoutMs,
      onAck: (message, ack) => {
        if (ack.duplicate) counters.duplicates++;
        else counters.published++;
        storedVersions.acknowledged(partition, message);
      },
    });
    counters.alreadyStored += skipped;
  };

  return {
    handle: async (events, { partition, state }) => {
      try {
        if (projections === undefined) {
          await publish(
            partition,
            events.map((event) => eventMessage(event, subjectPrefix)),
          );
        } else {
          const batch = await projections.project(partition, events);
          await publish(
            partition,
            batch.changes.map(({ change, event }) => publicChangeMessage(change, event, subjectPrefix)),
          );
          batch.keep(state);
        }
        lastRelayError = undefined;
      } catch (error) {
        const failure = isNatsRelayError(error) ? error : toNatsRelayError(error, 'relaying a batch');
        // Nobody answered: the stream may be gone (a server that lost its storage); look again next time.
        if (failure.code === 'NO_RESPONDERS') setup = undefined;
        lastRelayError = { code: failure.code, message: failure.message, at: Date.now() };
        throw failure;
      }
    },
    assigned: (partition, state) => projections?.assign(partition, state),
    revoked: (partition) => {
      storedVersions.drop(partition);
      projections?.revoke(partition);
    },
    stats: () => ({
      stream,
      ...counters,
      ...(lastRelayError === undefined ? {} : { lastRelayError }),
    }),
  };
};
