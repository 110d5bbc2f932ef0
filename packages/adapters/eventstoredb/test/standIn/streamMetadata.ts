/**
 * Stream metadata as the EventStoreDB stand-in keeps it: the `$maxCount` and `$tb` (truncate before) of
 * a stream, written as a `$metadata` event to its metastream `$$<stream>`. EventStoreDB's semantics,
 * from its docs (docs/server/features/streams.md, "Deleting streams and events": "Setting the
 * TruncateBefore (or $tb) value to 3, results in reading only the last event"; "Reading a stream with a
 * max count of 5 allows you to retrieve only the last 5 events"; "the $all stream circumvents index
 * checking") and its read index (`IndexReader.ReadStreamEventsForward/Backward`):
 * - a stream read sees only the events from `max($tb, lastRevision - $maxCount + 1)` on; revisions and
 *   the expected revision of appends are unchanged; a stream whose events are all hidden reads as empty
 *   (not as missing), except `$tb` = Int64.MaxValue (a soft delete), which reads as not found;
 * - a metastream itself keeps one event (the server's `metastreamMaxCount` is 1);
 * - `$all` reads and subscriptions still see every event (until a scavenge, which the stand-in never
 *   runs).
 */

/** The parts of a stream's metadata the stand-in honours. */
export interface StandInStreamMetadata {
  readonly maxCount?: number;
  readonly truncateBefore?: bigint;
}

/** `$tb` of a soft-deleted stream (Int64.MaxValue): it reads as not found. */
export const DELETED_STREAM = 2n ** 63n - 1n;

/** The event type of a metadata write. */
export const METADATA_EVENT_TYPE = '$metadata';

/** The prefix of a metastream: `$$<stream>` holds the metadata of `<stream>`. */
const METASTREAM_PREFIX = '$$';

/** The stream whose metadata `streamName` holds, when it is a metastream. */
export const originalStreamOf = (streamName: string): string | undefined =>
  streamName.startsWith(METASTREAM_PREFIX) ? streamName.slice(METASTREAM_PREFIX.length) : undefined;

/** What a metastream's own metadata is: it keeps its last event only. */
export const METASTREAM_METADATA: StandInStreamMetadata = { maxCount: 1 };

const integer = (value: unknown): bigint | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? BigInt(value)
    : typeof value === 'string' && /^\d+$/.test(value)
      ? BigInt(value)
      : undefined;

/** Reads the `$maxCount` and `$tb` of a `$metadata` event's JSON data; other keys are kept by the server only. */
export const parseStreamMetadata = (data: Uint8Array): StandInStreamMetadata => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const fields = parsed as { $maxCount?: unknown; $tb?: unknown };
  const maxCount = integer(fields.$maxCount);
  const truncateBefore = integer(fields.$tb);
  return {
    ...(maxCount === undefined || maxCount < 1n ? {} : { maxCount: Number(maxCount) }),
    ...(truncateBefore === undefined ? {} : { truncateBefore }),
  };
};

/** The first revision a stream read may return, given the stream's last revision and metadata. */
export const firstVisibleRevision = (lastRevision: bigint, metadata: StandInStreamMetadata): bigint => {
  let first = 0n;
  if (metadata.maxCount !== undefined) {
    const byCount = lastRevision - BigInt(metadata.maxCount) + 1n;
    if (byCount > first) first = byCount;
  }
  if (metadata.truncateBefore !== undefined && metadata.truncateBefore > first)
    first = metadata.truncateBefore;
  return first;
};
