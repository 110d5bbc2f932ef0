import { type BidderMask, InvalidOptionsError, relayAudienceOf } from '@gavel/core';
import { amqpNameProblem } from '../broker/amqpName';
import { isRabbitMqConnection } from '../broker/rabbitMqConnection';
import { defaultRelayName } from './relayName';
import type { RabbitMqRelayOptions } from './relayOptions';

/** The relay's own options, checked, with their defaults. */
export interface NormalizedRelayOptions {
  readonly audience: 'internal' | 'public';
  readonly mask: BidderMask | undefined;
  readonly exchange: string;
  readonly name: string;
  readonly confirmTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

const invalid = (path: string, message: string): InvalidOptionsError =>
  new InvalidOptionsError(path, message);

const timeout = (value: unknown, name: string): number => {
  if (value === undefined) return 10_000;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2_147_483_647)
    throw invalid(name, `${name} must be an integer from 1 to 2147483647 (ms)`);
  return value;
};

/**
 * Checks the options that are the relay's own (the processor checks the rest: `name`, `partitions`,
 * `batchSize`, `leaseMs`, `from`, `retry`).
 * @throws InvalidOptionsError naming the first bad option
 */
export const normalizeRelayOptions = (options: RabbitMqRelayOptions): NormalizedRelayOptions => {
  if (typeof options !== 'object' || options === null) throw invalid('', 'options must be an object');
  if (typeof options.store !== 'object' || options.store === null)
    throw invalid('store', 'store must be an event store');
  if (!isRabbitMqConnection(options.connection))
    throw invalid(
      'connection',
      'connection must be an AMQP URL, amqplib connection options or a function that connects',
    );
  const { audience, mask } = relayAudienceOf(options);
  const exchange = options.exchange ?? (audience === 'public' ? 'gavel.public' : 'gavel.events');
  const exchangeProblem = amqpNameProblem(exchange, 'exchange');
  if (exchangeProblem !== null) throw invalid('exchange', exchangeProblem);
  return {
    audience,
    mask,
    exchange,
    name: options.name ?? defaultRelayName(exchange, audience),
    confirmTimeoutMs: timeout(options.confirmTimeoutMs, 'confirmTimeoutMs'),
    connectTimeoutMs: timeout(options.connectTimeoutMs, 'connectTimeoutMs'),
  };
};
