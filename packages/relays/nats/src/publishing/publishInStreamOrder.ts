import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { RelayMessage } from '../messages/relayMessage';
import { toNatsRelayError } from '../natsRelayError';

/** Where and how long {@link publishInStreamOrder} publishes. */
export interface PublishTarget {
  /** The stream that must take the messages (`expect.streamName`: another stream taking them is refused). */
  readonly stream: string;
  /** How long to wait for each acknowledgement, in ms. */
  readonly timeoutMs: number;
  /** Called with each acknowledgement, as it arrives. */
  readonly onAck: (message: RelayMessage, ack: PubAck) => void;
}

const publishOne = (js: JetStreamClient, message: RelayMessage, target: PublishTarget): Promise<PubAck> => {
  const messageHeaders = headers();
  for (const [name, value] of message.headers) messageHeaders.set(name, value);
  return js.publish(message.subject, message.body, {
    msgID: message.msgId,
    headers: messageHeaders,
    expect: { streamName: target.stream },
    timeout: target.timeoutMs,
  });
};

/**
 * Publishes messages to JetStream, pipelined across auctions and in order within each: the messages of
 * one auction stream go one after the other, each only once the previous one is acknowledged (stored, or
 * a duplicate of one stored), while the different auctions' messages are in flight together. So
 * JetStream stores each auction's events in stream order whatever fails: a message is never stored
 * before the one before it, even when a publish is lost in a broker restart or a leader change and
 * sent again.
 *
 * Resolves once every message is acknowledged. On a failure, the auctions still going stop sending, and
 * it rejects (once all are settled) with the first failure as a {@link NatsRelayError}: the caller sends
 * the whole batch again, and what was stored comes back as duplicates.
 */
export const publishInStreamOrder = async (
  js: JetStreamClient,
  messages: readonly RelayMessage[],
  target: PublishTarget,
): Promise<void> => {
  const byStream = new Map<string, RelayMessage[]>();
  for (const message of messages) {
    const chain = byStream.get(message.streamName);
    if (chain === undefined) byStream.set(message.streamName, [message]);
    else chain.push(message);
  }
  let failed = false;
  const chains = [...byStream.values()].map(async (chain) => {
    for (const message of chain) {
      if (failed) return;
      try {
        target.onAck(message, await publishOne(js, message, target));
      } catch (error) {
        failed = true;
        throw toNatsRelayError(error, `publishing ${message.msgId} on ${message.subject}`);
      }
    }
  });
  const settled = await Promise.allSettled(chains);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
};
