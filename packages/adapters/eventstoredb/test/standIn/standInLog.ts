/**
 * The in-memory log behind the EventStoreDB stand-in: one global log of records, streams as views on
 * it, and EventStoreDB's write semantics (expected revision, idempotent replays) and read semantics
 * of stream metadata (`$maxCount`, `$tb`, see `streamMetadata.ts`). A stand-in for CI, not a database:
 * no persistence, no system streams besides metastreams, no links, no ACLs, no deletes, no scavenge,
 * no cluster.
 */
import {
  DELETED_STREAM,
  firstVisibleRevision,
  METADATA_EVENT_TYPE,
  METASTREAM_METADATA,
  originalStreamOf,
  parseStreamMetadata,
  type StandInStreamMetadata,
} from './streamMetadata';

/** One recorded event, as EventStoreDB keeps it. */
export interface StandInRecord {
  readonly streamName: string;
  /** 0-based number of the event in its stream. */
  readonly revision: bigint;
  /** Lowercase canonical UUID. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB's `created`. */
  readonly created: bigint;
  /** Log position: commit = prepare = this (every gRPC write is an implicitly committed prepare). */
  readonly position: bigint;
}

/** A message proposed for appending. */
export interface ProposedRecord {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** The expected state of a stream, as `AppendReq.Options` carries it. */
export type StandInExpected = { readonly revision: bigint } | 'no_stream' | 'any' | 'stream_exists';

/** What an append did. */
export type StandInAppendResult =
  | {
      readonly kind: 'success';
      readonly revision: bigint;
      readonly position: bigint;
      readonly idempotent: boolean;
    }
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint | 'no_stream' }
  | { readonly kind: 'invalid-transaction' };

/** The stand-in's log. */
export interface StandInLog {
  readonly append: (
    streamName: string,
    expected: StandInExpected,
    proposed: readonly ProposedRecord[],
  ) => StandInAppendResult;
  readonly stream: (streamName: string) => readonly StandInRecord[] | undefined;
  /**
   * What a stream read sees: the records its metadata leaves visible (possibly none), or `'not-found'`
   * for a stream without events or soft-deleted (`$tb` = Int64.MaxValue). `lastRevision` is the
   * stream's real last revision, hidden or not.
   */
  readonly readable: (
    streamName: string,
  ) => { readonly records: readonly StandInRecord[]; readonly lastRevision: bigint } | 'not-found';
  /** The stream's metadata as its metastream's last `$metadata` event set it. */
  readonly metadata: (streamName: string) => StandInStreamMetadata;
  readonly all: () => readonly StandInRecord[];
  /** Calls `listener` synchronously for every record written from now on; returns the unsubscribe. */
  readonly onWrite: (listener: (record: StandInRecord) => void) => () => void;
}

/** Where the first record goes: EventStoreDB's `$all` never starts at 0 (chunk header, epoch records). */
const FIRST_POSITION = 4096n;
/** A record's size in the log beyond its payload, so positions look like byte offsets (not contiguous). */
const RECORD_OVERHEAD = 120n;

/** Creates an empty log. */
export const createStandInLog = (clock: () => number = Date.now): StandInLog => {
  const log: StandInRecord[] = [];
  const streams = new Map<string, StandInRecord[]>();
  const listeners = new Set<(record: StandInRecord) => void>();
  const metadataByStream = new Map<string, StandInStreamMetadata>();
  let nextPosition = FIRST_POSITION;

  const write = (streamName: string, proposed: readonly ProposedRecord[]): StandInAppendResult => {
    const stream = streams.get(streamName) ?? [];
    streams.set(streamName, stream);
    const created = BigInt(clock()) * 10_000n;
    let last: StandInRecord | undefined;
    for (const message of proposed) {
      const record: StandInRecord = {
        streamName,
        revision: BigInt(stream.length),
        id: message.id,
        type: message.type,
        contentType: message.contentType,
        data: message.data,
        metadata: message.metadata,
        created,
        position: nextPosition,
      };
      nextPosition +=
        RECORD_OVERHEAD +
        BigInt(message.data.length + message.metadata.length + streamName.length + message.type.length);
      stream.push(record);
      log.push(record);
      last = record;
      const original = originalStreamOf(streamName);
      if (original !== undefined && message.type === METADATA_EVENT_TYPE)
        metadataByStream.set(original, parseStreamMetadata(message.data));
    }
    for (const record of log.slice(log.length - proposed.length))
      for (const listener of [...listeners]) listener(record);
    const written = last as StandInRecord;
    return { kind: 'success', revision: written.revision, position: written.position, idempotent: false };
  };

  const replayed = (record: StandInRecord): StandInAppendResult => ({
    kind: 'success',
    revision: record.revision,
    position: record.position,
    idempotent: true,
  });

  /**
   * EventStoreDB's commit check. With an expected revision behind the stream, the append is a replay
   * when the events right after that revision carry the proposed ids (first mismatch: wrong expected
   * version; a later one: corrupted idempotency, reported as an invalid transaction). With `any` (and
   * `stream_exists` on an existing stream) the ids are looked up in the stream (the real server uses a
   * bounded cache of recent ids: an old enough replay is written again there, never here).
   */
  const append: StandInLog['append'] = (streamName, expected, proposed) => {
    const stream = streams.get(streamName) ?? [];
    const current = stream.length === 0 ? -1n : BigInt(stream.length - 1);
    if (proposed.length === 0) {
      // An empty append succeeds without writing (EventStoreDB creates no stream for it).
      return {
        kind: 'success',
        revision: current,
        position: stream.at(-1)?.position ?? -1n,
        idempotent: false,
      };
    }
    const currentState = current < 0n ? ('no_stream' as const) : current;
    if (expected === 'stream_exists' && current < 0n)
      return { kind: 'wrong-expected-version', current: 'no_stream' };
    if (expected === 'any' || expected === 'stream_exists') {
      const byId = new Map(stream.map((record) => [record.id, record]));
      const first = byId.get((proposed[0] as ProposedRecord).id);
      if (first === undefined) return write(streamName, proposed);
      let last = first;
      for (const message of proposed) {
        const found = byId.get(message.id);
        if (found === undefined) return { kind: 'invalid-transaction' };
        last = found;
      }
      return replayed(last);
    }
    const expectedRevision = expected === 'no_stream' ? -1n : expected.revision;
    if (expectedRevision === current) return write(streamName, proposed);
    if (expectedRevision > current) return { kind: 'wrong-expected-version', current: currentState };
    let last: StandInRecord | undefined;
    for (const [index, message] of proposed.entries()) {
      const record = stream[Number(expectedRevision) + 1 + index];
      if (record === undefined || record.id !== message.id)
        return index === 0
          ? { kind: 'wrong-expected-version', current: currentState }
          : { kind: 'invalid-transaction' };
      last = record;
    }
    return replayed(last as StandInRecord);
  };

  const metadata: StandInLog['metadata'] = (streamName) =>
    originalStreamOf(streamName) === undefined
      ? (metadataByStream.get(streamName) ?? {})
      : METASTREAM_METADATA;

  const readable: StandInLog['readable'] = (streamName) => {
    const stream = streams.get(streamName) ?? [];
    const last = stream.at(-1);
    const streamMetadata = metadata(streamName);
    if (last === undefined || streamMetadata.truncateBefore === DELETED_STREAM) return 'not-found';
    const first = firstVisibleRevision(last.revision, streamMetadata);
    return { records: first === 0n ? stream : stream.slice(Number(first)), lastRevision: last.revision };
  };

  return {
    append,
    stream: (streamName) => streams.get(streamName),
    readable,
    metadata,
    all: () => log,
    onWrite: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
