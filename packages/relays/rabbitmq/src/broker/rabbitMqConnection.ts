import type { ChannelModel, Options } from 'amqplib';

/**
 * How a relay or a consumer reaches RabbitMQ: an AMQP URL (`amqp://user:password@host:5672/vhost`,
 * `amqps://…`, with amqplib's query options such as `?heartbeat=10`), amqplib's connection options
 * object, or a function that opens a connection (amqplib's `connect`, for TLS options or credentials
 * read at each connect).
 *
 * Not an open connection: an amqplib connection does not survive a broker restart, and the relay must
 * open a new one by itself when its connection is lost. The relay (or consumer) owns every connection it
 * opens, the ones the function returns included, and closes it when it stops or when it is lost.
 */
export type RabbitMqConnection = string | Options.Connect | (() => Promise<ChannelModel>);

/** True for a value {@link RabbitMqConnection} allows. */
export const isRabbitMqConnection = (value: unknown): value is RabbitMqConnection =>
  (typeof value === 'string' && value.length > 0) ||
  typeof value === 'function' ||
  (typeof value === 'object' && value !== null && !Array.isArray(value));
