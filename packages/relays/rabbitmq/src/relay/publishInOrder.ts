import type { ConfirmChannel } from 'amqplib';
import type { BrokerSession } from '../broker/brokerLink';
import { causeText, RabbitMqError } from '../broker/rabbitMqError';
import type { RelayMessage } from '../message/relayMessage';

/** The messages of each stream, in their order, streams in the order they first appear. */
const byStream = (messages: readonly RelayMessage[]): RelayMessage[][] => {
  const streams = new Map<string, RelayMessage[]>();
  for (const message of messages) {
    const list = streams.get(message.streamName);
    if (list === undefined) streams.set(message.streamName, [message]);
    else list.push(message);
  }
  return [...streams.values()];
};

/** The failure of a publish, by what happened to the session: closed, or the message refused. */
const publishFailure = (session: BrokerSession<ConfirmChannel>, error: unknown): RabbitMqError =>
  session.closed
    ? new RabbitMqError(
        'CONNECTION_LOST',
        `the connection was lost before the broker confirmed: ${causeText(error)}`,
        {
          cause: error,
        },
      )
    : new RabbitMqError('PUBLISH_NACKED', `the broker refused a message: ${causeText(error)}`, {
        cause: error,
      });

/**
 * Publishes messages on a confirm channel and resolves once the broker has confirmed every one; rejects
 * with a {@link RabbitMqError} at the first failure (nothing more is published then).
 *
 * Order: the messages of one stream go out one at a time, each only after the broker confirmed the one
 * before, while the streams run side by side (a batch of 100 events of 80 auctions is 80 messages in
 * flight, then the rest). So a message is never in a queue unless every earlier one of its stream is:
 * if the broker refuses one (`basic.nack`), none after it was sent, and publishing the batch again
 * brings them in order. A consumer's "take only a version above the last one" check can then never
 * skip an event.
 *
 * `confirmTimeoutMs`: when the broker confirms nothing for that long, it rejects with
 * `CONFIRM_TIMEOUT` (the caller discards the session: its late confirms no longer matter).
 */
export const publishInOrder = async (
  session: BrokerSession<ConfirmChannel>,
  exchange: string,
  messages: readonly RelayMessage[],
  confirmTimeoutMs: number,
): Promise<void> => {
  if (messages.length === 0) return;
  let failure: RabbitMqError | undefined;
  let draining: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      failure ??= new RabbitMqError(
        'CONFIRM_TIMEOUT',
        `the broker confirmed nothing for ${confirmTimeoutMs} ms`,
      );
      reject(failure);
    }, confirmTimeoutMs);
  });

  const publishOne = (message: RelayMessage): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const confirmed = (error: unknown): void => {
        if (error !== null && error !== undefined) reject(error);
        else {
          timer?.refresh();
          resolve();
        }
      };
      let room: boolean;
      try {
        room = session.channel.publish(
          exchange,
          message.routingKey,
          message.content,
          message.properties,
          confirmed,
        );
      } catch (error) {
        reject(error);
        return;
      }
      if (!room)
        draining ??= session.writable().then(() => {
          draining = undefined;
        });
    });

  const publishStream = async (stream: readonly RelayMessage[]): Promise<void> => {
    for (const message of stream) {
      if (draining !== undefined) await draining;
      if (failure !== undefined) return;
      try {
        await publishOne(message);
      } catch (error) {
        // Read once the channel's close listeners have run, so that `session.closed` tells why.
        failure ??= publishFailure(session, error);
        throw failure;
      }
    }
  };

  try {
    await Promise.race([Promise.all(byStream(messages).map(publishStream)), watchdog]);
  } finally {
    clearTimeout(timer);
  }
};
