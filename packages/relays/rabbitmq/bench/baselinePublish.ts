/**
 * Bench-only: the baseline the relay is measured against. amqplib's confirm channel publishing the same
 * messages (built beforehand), pipelined as the relay pipelines them: in batches of `batchSize` in the
 * store's global order, each auction's messages one at a time (the next after the broker confirmed the
 * last), all auctions of a batch side by side, the next batch once the whole batch is confirmed.
 */
import { type ConfirmChannel, connect } from 'amqplib';
import type { RelayMessage } from '../src/message/relayMessage';

const publishOne = (channel: ConfirmChannel, exchange: string, message: RelayMessage): Promise<void> =>
  new Promise((resolve, reject) => {
    channel.publish(exchange, message.routingKey, message.content, message.properties, (error: unknown) =>
      error ? reject(error) : resolve(),
    );
  });

/** Connects, declares the exchange, publishes every message and resolves once the last is confirmed. */
export const baselinePublish = async (
  url: string,
  exchange: string,
  messages: readonly RelayMessage[],
  batchSize: number,
): Promise<void> => {
  const model = await connect(url);
  try {
    const channel = await model.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    for (let start = 0; start < messages.length; start += batchSize) {
      const streams = new Map<string, RelayMessage[]>();
      for (const message of messages.slice(start, start + batchSize)) {
        const list = streams.get(message.streamName);
        if (list === undefined) streams.set(message.streamName, [message]);
        else list.push(message);
      }
      await Promise.all(
        [...streams.values()].map(async (list) => {
          for (const message of list) await publishOne(channel, exchange, message);
        }),
      );
    }
  } finally {
    await model.close();
  }
};
