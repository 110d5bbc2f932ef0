import {
  defaultProcessorRetry,
  InvalidOptionsError,
  resolveRetryOptions,
  retryDelay,
  sleep,
} from '@gavel/core';
import type { Channel } from 'amqplib';
import { amqpNameProblem } from '../broker/amqpName';
import { createBrokerLink } from '../broker/brokerLink';
import { isRabbitMqConnection } from '../broker/rabbitMqConnection';
import { assertRelayQueue } from './assertRelayQueue';
import { type ConsumerContext, reportConsumerError } from './consumerContext';
import { logConsumerError, type RabbitMqConsumer, type RabbitMqConsumerOptions } from './consumerOptions';
import { consumeSession } from './consumeSession';
import { createVersionCheck } from './versionCheck';

const invalid = (path: string, message: string): InvalidOptionsError =>
  new InvalidOptionsError(path, message);

const checkOptions = <T>(options: RabbitMqConsumerOptions<T>): void => {
  if (typeof options !== 'object' || options === null) throw invalid('', 'options must be an object');
  if (!isRabbitMqConnection(options.connection))
    throw invalid(
      'connection',
      'connection must be an AMQP URL, amqplib connection options or a function that connects',
    );
  const queueProblem = amqpNameProblem(options.queue, 'queue');
  if (queueProblem !== null) throw invalid('queue', queueProblem);
  const exchangeProblem = amqpNameProblem(options.exchange ?? 'gavel.events', 'exchange');
  if (exchangeProblem !== null) throw invalid('exchange', exchangeProblem);
  if (typeof options.handle !== 'function') throw invalid('handle', 'handle must be a function');
  const { prefetch } = options;
  if (prefetch !== undefined && (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65_535))
    throw invalid('prefetch', 'prefetch must be an integer from 1 to 65535');
  if (
    options.bindingKeys !== undefined &&
    (!Array.isArray(options.bindingKeys) || options.bindingKeys.some((key) => typeof key !== 'string'))
  )
    throw invalid('bindingKeys', 'bindingKeys must be an array of routing key patterns');
};

/**
 * Consumes a relay's messages from a durable quorum queue bound to its exchange, with the version check
 * that drops redeliveries: `handle` gets each event once, in each auction's order, as long as the
 * version check remembers (see {@link VersionCheck}). It declares the exchange, the queue and its
 * bindings, acknowledges a message once `handle` resolved (or once the check dropped it), and connects
 * again by itself after a lost connection (a broker restart), with backoff; the messages it had not
 * acknowledged then come again and the check drops those it took.
 *
 * @throws InvalidOptionsError naming the first bad option
 *
 * @example
 * const consumer = createRabbitMqConsumer({
 *   connection: 'amqp://guest:guest@localhost:5672',
 *   queue: 'payments.sold',
 *   bindingKeys: ['AuctionClosed.*'],
 *   handle: async ({ body }) => {
 *     const event = recordedEventFromJson(body as RecordedEventJson);
 *     if (event.type === 'AuctionClosed') await requestPayment(event);
 *   },
 * });
 * await consumer.start();
 */
export const createRabbitMqConsumer = <TBody = unknown>(
  options: RabbitMqConsumerOptions<TBody>,
): RabbitMqConsumer => {
  checkOptions(options);
  const prefetch = options.prefetch ?? 100;
  const link = createBrokerLink<Channel>({
    connection: options.connection,
    openChannel: (model) => model.createChannel(),
    setup: async (channel) => {
      await assertRelayQueue(channel, {
        queue: options.queue,
        ...(options.exchange === undefined ? {} : { exchange: options.exchange }),
        ...(options.bindingKeys === undefined ? {} : { bindingKeys: options.bindingKeys }),
        ...(options.queueArguments === undefined ? {} : { arguments: options.queueArguments }),
      });
      await channel.prefetch(prefetch);
    },
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    connectionName: `gavel-rabbitmq-consumer-${options.queue}`,
  });
  const context: ConsumerContext<TBody> = {
    queue: options.queue,
    handle: options.handle,
    versions: options.versions ?? createVersionCheck(),
    link,
    retry: resolveRetryOptions(options.retry, {
      ...defaultProcessorRetry,
      maxDelayMs: Math.max(5_000, options.retry?.initialDelayMs ?? 0),
    }),
    stopping: new AbortController(),
    onError: options.onError ?? logConsumerError,
    counters: { taken: 0, dropped: 0, malformed: 0 },
    failures: 0,
    consuming: false,
    lastError: undefined,
  };
  const signal = context.stopping.signal;
  let started: Promise<void> | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = async (consuming: () => void): Promise<void> => {
    while (!signal.aborted) {
      if (context.failures > 0) await sleep(retryDelay(context.failures, context.retry), signal);
      if (signal.aborted) break;
      try {
        const session = await link.session();
        consuming();
        // A session that ended by itself (lost, a handler failed) counts as a failure: the next one
        // waits a backoff, longer while sessions fail in a row without taking a message.
        if ((await consumeSession(context, session)) === 'failed') context.failures++;
      } catch (error) {
        reportConsumerError(context, error);
        context.failures++;
      }
    }
  };

  return {
    start: () => {
      started ??= new Promise<void>((resolve) => {
        running = run(resolve);
        signal.addEventListener('abort', () => resolve());
      });
      return started;
    },
    stop: async () => {
      context.stopping.abort();
      await running;
      await link.close();
    },
    stats: () => ({
      connected: context.consuming && link.state().connected,
      connects: link.state().connects,
      ...context.counters,
      ...(context.lastError === undefined ? {} : { lastError: context.lastError }),
    }),
  };
};
