import type { Channel, ConsumeMessage } from 'amqplib';
import type { BrokerSession } from '../broker/brokerLink';
import { causeText, RabbitMqError } from '../broker/rabbitMqError';
import { type ConsumerContext, reportConsumerError } from './consumerContext';
import { readRelayedMessage } from './readRelayedMessage';

/** Acknowledges, unless the channel closed meanwhile (the message then comes again, and is dropped as taken). */
const ack = (session: BrokerSession<Channel>, message: ConsumeMessage): void => {
  if (session.closed) return;
  try {
    session.channel.ack(message);
  } catch {
    // The channel closed under us: the same reasoning.
  }
};

/**
 * Handles one delivered message on a session: drops it when it is not a relay's or when the version
 * check says it was taken, else hands it to `handle`, records its version and acknowledges it. Resolves
 * false when the handler (or the check) failed: the caller closes the session, so that this message and
 * the ones after it come again in order.
 */
export const takeMessage = async <T>(
  context: ConsumerContext<T>,
  session: BrokerSession<Channel>,
  delivered: ConsumeMessage,
): Promise<boolean> => {
  if (session.closed || context.stopping.signal.aborted) return true;
  const read = readRelayedMessage<T>(delivered);
  if (!read.ok) {
    context.counters.malformed++;
    reportConsumerError(
      context,
      new RabbitMqError(
        'MALFORMED_MESSAGE',
        `dropped message ${delivered.properties.messageId ?? '(no id)'}: ${read.problem}`,
      ),
    );
    ack(session, delivered);
    return true;
  }
  const { message } = read;
  try {
    if (!(await context.versions.isNew(message.streamName, message.version))) {
      context.counters.dropped++;
      ack(session, delivered);
      return true;
    }
    await context.handle(message);
    await context.versions.taken(message.streamName, message.version);
  } catch (error) {
    reportConsumerError(
      context,
      new RabbitMqError('HANDLER_FAILED', `handling ${message.messageId} failed: ${causeText(error)}`, {
        cause: error,
      }),
    );
    return false;
  }
  ack(session, delivered);
  context.counters.taken++;
  context.failures = 0;
  context.lastError = undefined;
  return true;
};
