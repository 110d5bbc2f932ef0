import { auctionIdOfStream, auctionToken } from '@gavel/core';
import type { JetStreamManager } from '@nats-io/jetstream';
import { headerText } from '../messages/headerText';
import { GAVEL_HEADERS, type RelayMessage } from '../messages/relayMessage';
import { toNatsRelayError } from '../natsRelayError';

/** The most auctions whose stored version a partition remembers; past it, the oldest is forgotten (and looked up again if needed). */
const REMEMBERED_PER_PARTITION = 10_000;

/**
 * Keeps re-sends out of the stream when the duplicate window cannot: JetStream drops a re-sent message
 * by its id only within the window (2 minutes by default), so a relay that restarts long after a crash
 * would store again the events it had published after its last checkpoint. For an event recorded more
 * than half a window ago (its first publish may have been that long ago), the relay first asks the
 * stream for the auction's last message (`<subjectPrefix>.*.<auction token>`, once per auction and
 * partition owner) and sends only what comes after its `Gavel-Version`. Recent events skip the look-up:
 * the window covers them.
 */
export interface StoredVersions {
  /** The messages of a batch still to publish, and how many the stream already holds. */
  toPublish(
    partition: number,
    messages: readonly RelayMessage[],
  ): Promise<{ readonly messages: readonly RelayMessage[]; readonly skipped: number }>;
  /** A message was acknowledged by the stream. */
  acknowledged(partition: number, message: RelayMessage): void;
  /** This process no longer owns the partition: forget what it knew. */
  drop(partition: number): void;
}

/** What {@link createStoredVersions} needs. */
export interface StoredVersionsOptions {
  readonly manager: () => Promise<JetStreamManager>;
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly clock: () => number;
  /** The stream's duplicate window, in ms (as found when the stream was set up). */
  readonly duplicateWindowMs: () => number;
}

/** The version of the auction's last message in the stream, 0 when there is none (or it is another auction's). */
const lastStoredVersion = async (options: StoredVersionsOptions, streamName: string): Promise<number> => {
  const subject = `${options.subjectPrefix}.*.${auctionToken(auctionIdOfStream(streamName))}`;
  try {
    const jsm = await options.manager();
    const last = await jsm.streams.getMessage(options.stream, { last_by_subj: subject });
    // A shortened token (a very long auction id) can be shared: then the last message says nothing.
    if (last === null || last.header.get(GAVEL_HEADERS.stream) !== headerText(streamName)) return 0;
    const version = Number(last.header.get(GAVEL_HEADERS.version));
    return Number.isSafeInteger(version) && version > 0 ? version : 0;
  } catch (error) {
    throw toNatsRelayError(error, `looking up the last message on ${subject}`);
  }
};

/** Creates the {@link StoredVersions} of one relay. */
export const createStoredVersions = (options: StoredVersionsOptions): StoredVersions => {
  const byPartition = new Map<number, Map<string, number>>();
  const known = (partition: number): Map<string, number> => {
    const versions = byPartition.get(partition) ?? new Map<string, number>();
    byPartition.set(partition, versions);
    return versions;
  };
  const remember = (versions: Map<string, number>, streamName: string, version: number): void => {
    versions.set(streamName, version);
    if (versions.size > REMEMBERED_PER_PARTITION) versions.delete(versions.keys().next().value as string);
  };

  return {
    toPublish: async (partition, messages) => {
      const versions = known(partition);
      const oldBefore = options.clock() - options.duplicateWindowMs() / 2;
      const unknown = new Set<string>();
      for (const message of messages)
        if (message.recordedAt < oldBefore && !versions.has(message.streamName))
          unknown.add(message.streamName);
      if (unknown.size > 0) {
        const found = await Promise.all([...unknown].map((name) => lastStoredVersion(options, name)));
        [...unknown].forEach((name, i) => {
          remember(versions, name, found[i] as number);
        });
      }
      if (versions.size === 0) return { messages, skipped: 0 };
      const kept = messages.filter((message) => message.version > (versions.get(message.streamName) ?? 0));
      return { messages: kept, skipped: messages.length - kept.length };
    },
    acknowledged: (partition, message) => {
      const versions = byPartition.get(partition);
      const stored = versions?.get(message.streamName);
      if (versions !== undefined && stored !== undefined && message.version > stored)
        versions.set(message.streamName, message.version);
    },
    drop: (partition) => {
      byPartition.delete(partition);
    },
  };
};
