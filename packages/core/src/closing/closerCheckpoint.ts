/**
 * A closer's state at a global position: every auction open at that position, with the time it is due.
 * A closer that loads it subscribes from `position` instead of reading the whole history again.
 */
export interface CloserCheckpoint {
  readonly position: bigint;
  /** `[auctionId, due]` pairs: `due` is the effective end (epoch ms), or a later retry time. */
  readonly auctions: readonly (readonly [auctionId: string, due: number])[];
}

/**
 * Where a closer keeps its checkpoint (a file, a row, a key): the caller supplies it, so that core needs
 * no I/O. {@link closerCheckpointToJson} and {@link closerCheckpointFromJson} give it a text form.
 */
export interface CloserCheckpointStore {
  /** The last saved checkpoint, or undefined when there is none. */
  load(): Promise<CloserCheckpoint | undefined>;
  /** Replaces the saved checkpoint (atomically, e.g. write a temporary file then rename it). */
  save(checkpoint: CloserCheckpoint): Promise<void>;
}

/** A checkpoint as JSON text (the position as a decimal string). */
export const closerCheckpointToJson = (checkpoint: CloserCheckpoint): string =>
  JSON.stringify({ position: checkpoint.position.toString(), auctions: checkpoint.auctions });

/** Reads back {@link closerCheckpointToJson}; throws a `TypeError` naming the wrong field. */
export const closerCheckpointFromJson = (text: string): CloserCheckpoint => {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) throw new TypeError('checkpoint must be a JSON object');
  const { position, auctions } = parsed as { position?: unknown; auctions?: unknown };
  if (typeof position !== 'string' || !/^\d+$/.test(position))
    throw new TypeError('checkpoint.position must be a decimal string');
  if (!Array.isArray(auctions)) throw new TypeError('checkpoint.auctions must be an array');
  for (const [i, entry] of auctions.entries()) {
    if (
      !Array.isArray(entry) ||
      entry.length !== 2 ||
      typeof entry[0] !== 'string' ||
      typeof entry[1] !== 'number' ||
      !Number.isFinite(entry[1])
    )
      throw new TypeError(`checkpoint.auctions[${i}] must be [auctionId, due]`);
  }
  return { position: BigInt(position), auctions: auctions as [string, number][] };
};
