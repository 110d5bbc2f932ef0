import {
  defaultProcessorRetry,
  InvalidOptionsError,
  resolveRetryOptions,
  retryDelay,
  sleep,
} from '@gavel/core';
import { type ConsumerMessages, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { logConsumerError, type NatsConsumerError, type NatsConsumerStats } from './consumerError';
import type { NatsConsumerOptions } from './consumerOptions';
import type { DecodeResult } from './decodeRelayedEvent';
import { deliverMessage } from './deliverMessage';
import { ensureDurableConsumer } from './ensureDurableConsumer';

/** A running durable consumer: see `consumeAuctionEvents`. */
export interface NatsConsumer {
  /** Creates the durable consumer when missing and starts handling; resolves once it pulls (retrying while the server is unreachable). */
  start(): Promise<void>;
  /** Finishes the message in hand (acknowledged if its handler succeeds), stops pulling; what was pulled ahead is delivered again later. */
  stop(): Promise<void>;
  stats(): NatsConsumerStats;
}

/** What differs between the consumers of events and of public changes. */
export interface ConsumerKind<T> {
  /** The function's name, for messages. */
  readonly caller: string;
  readonly defaultStream: string;
  readonly decode: (body: Uint8Array) => DecodeResult<T>;
}

const invalidOption = (caller: string, path: string, message: string): InvalidOptionsError =>
  new InvalidOptionsError(path, `${caller}: ${message}`);

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

const positive = (value: unknown, fallback: number, name: string, caller: string): number => {
  const given = value ?? fallback;
  if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 1)
    throw invalidOption(caller, name, `${name} must be a positive integer`);
  return given;
};

const causeText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Statuses after which the pull is set up again: the server lost track of it, or went silent. */
const lostTrack = (status: { type: string; count?: number }): boolean =>
  status.type === 'consumer_not_found' ||
  status.type === 'consumer_deleted' ||
  status.type === 'stream_not_found' ||
  (status.type === 'heartbeats_missed' && (status.count ?? 0) >= 2);

/**
 * A durable pull consumer that decodes each message and hands it to the handler, in order, one at a
 * time, acknowledging it once the handler resolved. It sets itself up again (with backoff) when the
 * server goes away or forgets the consumer, and reports failures as data.
 * @throws InvalidOptionsError for a bad option
 */
export const createDurableConsumer = <T>(
  options: NatsConsumerOptions<T>,
  kind: ConsumerKind<T>,
): NatsConsumer => {
  const { caller } = kind;
  if (typeof options !== 'object' || options === null)
    throw invalidOption(caller, '', `options must be an object`);
  const { connection, durable, filterSubject, handle } = options;
  if (typeof connection !== 'object' || connection === null || typeof connection.request !== 'function')
    throw invalidOption(caller, 'connection', `connection must be a NatsConnection`);
  if (typeof durable !== 'string' || !NAME.test(durable))
    throw invalidOption(caller, 'durable', `durable must be 1 to 64 characters of [A-Za-z0-9_-]`);
  const stream = options.stream ?? kind.defaultStream;
  if (typeof stream !== 'string' || !NAME.test(stream))
    throw invalidOption(caller, 'stream', `stream must be 1 to 64 characters of [A-Za-z0-9_-]`);
  if (filterSubject !== undefined && (typeof filterSubject !== 'string' || !/^[^\s]+$/.test(filterSubject)))
    throw invalidOption(caller, 'filterSubject', `filterSubject must be a subject without white space`);
  if (typeof handle !== 'function') throw invalidOption(caller, 'handle', `handle must be a function`);
  const ackWaitMs = positive(options.ackWaitMs, 30_000, 'ackWaitMs', caller);
  const maxAckPending = positive(options.maxAckPending, 1_000, 'maxAckPending', caller);
  const prefetch = positive(options.prefetch, 100, 'prefetch', caller);
  const longest = Math.min(5_000, Math.floor(ackWaitMs / 2));
  const retry = resolveRetryOptions(options.retry, {
    ...defaultProcessorRetry,
    initialDelayMs: Math.min(100, longest),
    maxDelayMs: longest,
  });
  if (retry.maxDelayMs > ackWaitMs / 2)
    throw invalidOption(caller, 'retry.maxDelayMs', `retry.maxDelayMs must be at most ackWaitMs / 2`);
  const onError = options.onError ?? logConsumerError;

  const stopping = new AbortController();
  const counters = { handled: 0, redelivered: 0, skipped: 0, terminated: 0 };
  let lastError: NatsConsumerStats['lastError'];
  let current: ConsumerMessages | undefined;
  let consuming = false;
  let running: Promise<void> | undefined;
  let markStarted: () => void = () => {};
  const report = (error: Omit<NatsConsumerError, 'durable'>): void => {
    lastError = { code: error.code, message: error.message, at: Date.now() };
    try {
      onError({ ...error, durable });
    } catch {
      // A throwing logger must not stop the consumer.
    }
  };
  const delivery = {
    durable,
    decode: kind.decode,
    handle,
    retry,
    stopping: stopping.signal,
    counters,
    report,
    succeeded: () => {
      lastError = undefined;
    },
  };
  const js = jetstream(connection);

  const watch = async (messages: ConsumerMessages): Promise<void> => {
    for await (const status of messages.status())
      if (lostTrack(status)) {
        report({
          code: 'CONSUMER_FAILED',
          message: `the pull stopped (${status.type}); setting it up again`,
        });
        messages.stop();
        return;
      }
  };

  const loop = async (): Promise<void> => {
    for (let attempt = 1; !stopping.signal.aborted; ) {
      try {
        const jsm = await jetstreamManager(connection, { checkAPI: false });
        await ensureDurableConsumer(jsm, { stream, durable, filterSubject, ackWaitMs, maxAckPending });
        const consumer = await js.consumers.get(stream, durable);
        const messages = await consumer.consume({ max_messages: prefetch });
        current = messages;
        if (stopping.signal.aborted) break;
        void watch(messages).catch(() => {});
        consuming = true;
        markStarted();
        attempt = 1;
        for await (const message of messages) {
          await deliverMessage(delivery, message);
          if (stopping.signal.aborted) break;
        }
      } catch (error) {
        if (stopping.signal.aborted) break;
        const retryInMs = retryDelay(attempt, retry);
        report({
          code: 'CONSUMER_FAILED',
          message: `consuming ${stream}/${durable} failed (${causeText(error)}); trying again in ${retryInMs} ms`,
          attempt,
          cause: error,
        });
        attempt++;
        await sleep(retryInMs, stopping.signal);
      } finally {
        current?.stop();
        current = undefined;
      }
    }
    consuming = false;
  };

  return {
    start: () => {
      if (running !== undefined) return Promise.resolve();
      const started = new Promise<void>((resolve) => {
        markStarted = resolve;
      });
      stopping.signal.addEventListener('abort', () => markStarted());
      running = loop();
      return started;
    },
    stop: async () => {
      stopping.abort();
      current?.stop();
      await running;
      // Acknowledgements are written asynchronously: send them before the caller closes the connection.
      if (!connection.isClosed()) await connection.flush().catch(() => {});
    },
    stats: () => ({
      durable,
      stream,
      consuming,
      ...counters,
      ...(lastError === undefined ? {} : { lastError }),
    }),
  };
};
