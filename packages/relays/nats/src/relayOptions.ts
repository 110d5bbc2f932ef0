import {
  type BidderMask,
  type EventStore,
  InvalidOptionsError,
  type ProcessorError,
  type ProcessorStore,
  type RetryOptions,
  relayAudienceOf,
} from '@gavel/core';
import type { NatsConnection } from '@nats-io/transport-node';

/** The stream a relay of every event publishes to, unless told: `GAVEL`. */
export const DEFAULT_STREAM = 'GAVEL';
/** The subject prefix of a relay of every event, unless told: `gavel`. */
export const DEFAULT_SUBJECT_PREFIX = 'gavel';
/** The stream a public relay publishes to, unless told: `GAVEL_PUBLIC`. */
export const DEFAULT_PUBLIC_STREAM = 'GAVEL_PUBLIC';
/** The subject prefix of a public relay, unless told: `gavel-public`. */
export const DEFAULT_PUBLIC_SUBJECT_PREFIX = 'gavel-public';
/** The shortest duplicate window a relay accepts on its stream, in ms: 2 minutes. */
export const MIN_DUPLICATE_WINDOW_MS = 120_000;

/** Options of {@link createNatsRelay} shared by both kinds of relay. */
export interface NatsRelayBaseOptions {
  /** The store whose auction events are relayed. Its processors keep the relay's checkpoints and leases. */
  readonly store: EventStore;
  /** An open NATS connection (`connect` of `@nats-io/transport-node`). The relay never closes it. */
  readonly connection: NatsConnection;
  /**
   * The JetStream stream (`[A-Za-z0-9_-]`, 1 to 64 characters), created when missing with the subjects
   * `<subjectPrefix>.>`. Default `GAVEL` (`GAVEL_PUBLIC` with `audience: 'public'`).
   */
  readonly stream?: string;
  /** The first tokens of every subject (tokens of `[A-Za-z0-9_-]` joined by `.`). Default `gavel` (`gavel-public` with `audience: 'public'`). */
  readonly subjectPrefix?: string;
  /** The processor's partitions (1 to 1024): the most processes that can share the relaying. Default 1. */
  readonly partitions?: number;
  /**
   * The processor's name, under which checkpoints and leases are kept. Default `gavel-nats-relay-<stream>`
   * (`…-public` with `audience: 'public'`): two relays to different streams never share progress.
   */
  readonly name?: string;
  /** Replicas of the stream when the relay creates it (1 to 5; 3 on a three-node cluster). Default 1. */
  readonly replicas?: number;
  /** The stream's duplicate window when the relay creates it, in ms: at least 120 000 (the default). */
  readonly duplicateWindowMs?: number;
  /** How long to wait for JetStream's acknowledgement of one message, in ms. Default 5 000. */
  readonly publishTimeoutMs?: number;
  /** The most events per batch (the processor's `batchSize`). Default 100. */
  readonly batchSize?: number;
  /** How long a partition's lease lasts without renewal, in ms (the processor's `leaseMs`). Default 10 000. */
  readonly leaseMs?: number;
  /** Where a partition without a checkpoint starts: the store's `'start'` (default) or its `'end'`. */
  readonly from?: 'start' | 'end';
  /** Where checkpoints and leases live. Default the store's own (`store.processors`). */
  readonly checkpoints?: ProcessorStore;
  /** The wait before publishing a failed batch again (the processor's `retry`). Default 100 ms doubling to 5 s, equal jitter. */
  readonly retry?: RetryOptions;
  /** Failures, reported as data while the relay retries. Default: a line on stderr. */
  readonly onError?: (error: ProcessorError) => void;
  /** The wall clock (epoch ms), to tell events older than half the duplicate window. Default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * Options of {@link createNatsRelay}: `audience: 'internal'` (the default) relays every recorded event as it
 * is, **secret maximums of `MaxBidSet` included**; `audience: 'public'` relays only what the public may see, the
 * live feed's changes, with bidder ids masked by `mask`.
 */
export type NatsRelayOptions = NatsRelayBaseOptions &
  (
    | { readonly audience?: 'internal' }
    | {
        readonly audience: 'public';
        /** Masks bidder ids (e.g. `maskBidderId(secret)` of `@gavel/core/node`, the feed's own masking). */
        readonly mask: BidderMask;
      }
  );

/** The options with every default filled in and checked. */
export interface NormalizedRelayOptions {
  readonly store: EventStore;
  readonly connection: NatsConnection;
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly name: string;
  readonly replicas: number;
  readonly duplicateWindowMs: number;
  readonly publishTimeoutMs: number;
  readonly mask: BidderMask | undefined;
  readonly clock: () => number;
}

const invalid = (path: string, message: string): InvalidOptionsError =>
  new InvalidOptionsError(path, `createNatsRelay: ${message}`);

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT_PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

const integerIn = (value: unknown, min: number, max: number, name: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw invalid(name, `${name} must be an integer from ${min} to ${max}`);
  return value;
};

/**
 * Fills in and checks the relay's own options (the processor checks its own).
 * @throws InvalidOptionsError naming the first bad option
 */
export const normalizeRelayOptions = (options: NatsRelayOptions): NormalizedRelayOptions => {
  if (typeof options !== 'object' || options === null) throw invalid('', 'options must be an object');
  const { connection } = options;
  if (typeof connection !== 'object' || connection === null || typeof connection.request !== 'function')
    throw invalid('connection', 'connection must be a NatsConnection (connect() of @nats-io/transport-node)');
  const { audience, mask } = relayAudienceOf(options, 'createNatsRelay');
  const stream = options.stream ?? (audience === 'public' ? DEFAULT_PUBLIC_STREAM : DEFAULT_STREAM);
  if (typeof stream !== 'string' || !STREAM_NAME.test(stream))
    throw invalid('stream', 'stream must be 1 to 64 characters of [A-Za-z0-9_-]');
  const subjectPrefix =
    options.subjectPrefix ?? (audience === 'public' ? DEFAULT_PUBLIC_SUBJECT_PREFIX : DEFAULT_SUBJECT_PREFIX);
  if (typeof subjectPrefix !== 'string' || subjectPrefix.length > 100 || !SUBJECT_PREFIX.test(subjectPrefix))
    throw invalid(
      'subjectPrefix',
      'subjectPrefix must be tokens of [A-Za-z0-9_-] joined by dots, at most 100 characters',
    );
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') throw invalid('clock', 'clock must be a function');
  return {
    store: options.store,
    connection,
    stream,
    subjectPrefix,
    name: options.name ?? `gavel-nats-relay-${stream}${audience === 'public' ? '-public' : ''}`,
    replicas: integerIn(options.replicas ?? 1, 1, 5, 'replicas'),
    duplicateWindowMs: integerIn(
      options.duplicateWindowMs ?? MIN_DUPLICATE_WINDOW_MS,
      MIN_DUPLICATE_WINDOW_MS,
      86_400_000,
      'duplicateWindowMs',
    ),
    publishTimeoutMs: integerIn(options.publishTimeoutMs ?? 5_000, 1, 600_000, 'publishTimeoutMs'),
    mask,
    clock,
  };
};
