import type { Channel, ConsumeMessage } from 'amqplib';
import type { BrokerSession } from '../broker/brokerLink';
import { causeText, RabbitMqError } from '../broker/rabbitMqError';
import { type ConsumerContext, reportConsumerError } from './consumerContext';
import { takeMessage } from './takeMessage';

/**
 * Consumes the queue on one session, one message at a time in delivery order, until the session ends:
 * its channel closed (a lost connection, the queue deleted), a handler failed (the session is then
 * discarded, which returns the unacknowledged messages to the queue in order), or the consumer stops
 * (after the message in hand).
 */
export const consumeSession = <T>(
  context: ConsumerContext<T>,
  session: BrokerSession<Channel>,
): Promise<'stopped' | 'failed'> =>
  new Promise((resolve) => {
    const { channel } = session;
    let chain: Promise<unknown> = Promise.resolve();
    let ended = false;
    const end = (why: 'stopped' | 'failed'): void => {
      if (ended) return;
      ended = true;
      context.consuming = false;
      channel.off('close', onClose);
      context.stopping.signal.removeEventListener('abort', onStop);
      void chain.then(() => resolve(why));
    };
    const onClose = (): void => {
      if (context.stopping.signal.aborted) {
        end('stopped');
        return;
      }
      reportConsumerError(
        context,
        new RabbitMqError('CONNECTION_LOST', 'the channel closed; consuming again'),
      );
      end('failed');
    };
    const onStop = (): void => end('stopped');
    const onMessage = (delivered: ConsumeMessage | null): void => {
      if (delivered === null) {
        // The broker cancelled the consumer (the queue was deleted): declare and consume again.
        void context.link.discard(session);
        onClose();
        return;
      }
      chain = chain.then(async () => {
        if (ended) return;
        if (!(await takeMessage(context, session, delivered))) {
          end('failed');
          await context.link.discard(session);
        }
      });
    };
    channel.on('close', onClose);
    context.stopping.signal.addEventListener('abort', onStop);
    if (context.stopping.signal.aborted) return end('stopped');
    if (session.closed) return end('failed');
    channel.consume(context.queue, onMessage).then(
      () => {
        if (!ended) context.consuming = true;
      },
      (error: unknown) => {
        reportConsumerError(
          context,
          new RabbitMqError('SETUP_FAILED', `consuming ${context.queue} failed: ${causeText(error)}`, {
            cause: error,
          }),
        );
        end('failed');
        void context.link.discard(session);
      },
    );
  });
