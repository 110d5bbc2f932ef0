/**
 * The consumer's side of at-least-once delivery: the relay may publish an event again (after a crash, a
 * lost connection, a takeover) and RabbitMQ may deliver a message again (after a lost channel), so a
 * consumer takes a message only when its version (`Gavel-Version`) is above the last one it took for
 * that auction (`Gavel-Stream`), and drops it otherwise. Since the relay publishes one auction's events
 * in order, each only once the one before is confirmed, this takes every event exactly once, in order.
 *
 * Keep the versions where the consumer keeps its effects (one row per auction, written in the same
 * transaction as the effect) to make them exactly once across the consumer's restarts too;
 * {@link createVersionCheck} keeps them in memory, for a consumer whose effects are idempotent anyway or
 * that starts from a fresh queue.
 */
export interface VersionCheck {
  /** True when `version` is above the last version taken for `streamName` (or none was). */
  isNew(streamName: string, version: number): boolean | Promise<boolean>;
  /** Records that the consumer took `version` of `streamName` (after its handler succeeded). */
  taken(streamName: string, version: number): void | Promise<void>;
}

/** A {@link VersionCheck} in memory, with the last version taken of each stream. */
export interface MemoryVersionCheck extends VersionCheck {
  isNew(streamName: string, version: number): boolean;
  taken(streamName: string, version: number): void;
  /** The last version taken for the stream, or undefined. */
  lastTaken(streamName: string): number | undefined;
}

/**
 * The version check in memory: one number per auction seen.
 *
 * @example
 * const versions = createVersionCheck();
 * if (versions.isNew(stream, version)) {
 *   await apply(event);
 *   versions.taken(stream, version);
 * } // else: a redelivery, already applied: acknowledge it and go on
 */
export const createVersionCheck = (): MemoryVersionCheck => {
  const last = new Map<string, number>();
  return {
    isNew: (streamName, version) => version > (last.get(streamName) ?? 0),
    taken: (streamName, version) => {
      if (version > (last.get(streamName) ?? 0)) last.set(streamName, version);
    },
    lastTaken: (streamName) => last.get(streamName),
  };
};
