import { type RetryPolicy, retryDelay, sleep } from '@gavel/core';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConsumerError } from './consumerError';
import type { NatsDelivery } from './consumerOptions';
import type { DecodeResult } from './decodeRelayedEvent';

/** What delivering one message needs and updates: shared by a consumer's loop and its stats. */
export interface DeliveryContext<T> {
  readonly durable: string;
  readonly decode: (body: Uint8Array) => DecodeResult<T>;
  readonly handle: (value: T, delivery: NatsDelivery) => void | Promise<void>;
  readonly retry: RetryPolicy;
  readonly stopping: AbortSignal;
  readonly counters: { handled: number; redelivered: number; skipped: number; terminated: number };
  readonly report: (error: Omit<NatsConsumerError, 'durable'>) => void;
  readonly succeeded: () => void;
}

const causeText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Delivers one message to the handler and acknowledges it once the handler resolved. A handler that
 * throws is called again after a backoff (the message kept from redelivery with `working()`), never
 * skipped; at `stop()` the message is left unacknowledged, for JetStream to deliver again. A Gavel event
 * of a type this code does not know is acknowledged unhandled (`skipped`); a body that is not a Gavel
 * message is terminated (`term`: never delivered again) and reported.
 */
export const deliverMessage = async <T>(context: DeliveryContext<T>, message: JsMsg): Promise<void> => {
  const { counters, stopping } = context;
  const delivery: NatsDelivery = {
    subject: message.subject,
    streamSequence: message.seq,
    deliveryCount: message.info.deliveryCount,
    redelivered: message.redelivered,
  };
  const decoded = context.decode(message.data);
  if (!decoded.ok) {
    if (decoded.code === 'UNKNOWN_EVENT_TYPE') {
      counters.skipped++;
      message.ack();
      return;
    }
    counters.terminated++;
    context.report({ code: 'DECODE_FAILED', message: decoded.message, streamSequence: message.seq });
    message.term(decoded.message);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await context.handle(decoded.value, delivery);
      break;
    } catch (error) {
      if (stopping.aborted) return;
      const retryInMs = retryDelay(attempt, context.retry);
      context.report({
        code: 'HANDLER_FAILED',
        message: `handling message ${message.seq} failed (${causeText(error)}); handling it again in ${retryInMs} ms`,
        streamSequence: message.seq,
        attempt,
        cause: error,
      });
      message.working();
      await sleep(retryInMs, stopping);
      if (stopping.aborted) return;
      message.working();
    }
  }
  message.ack();
  counters.handled++;
  if (message.redelivered) counters.redelivered++;
  context.succeeded();
};
