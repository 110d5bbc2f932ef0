import type { RecordedAuctionEvent } from '@gavel/core';
import { consumeAuctionEvents, type NatsConsumer, relaySubjectFilter } from '@gavel/nats';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PaymentRequest, PaymentRequests } from './paymentRequests';

/** Options of {@link startPaymentsService}. */
export interface PaymentsServiceOptions {
  readonly connection: NatsConnection;
  readonly requests: PaymentRequests;
  /** Called once per new payment request. */
  readonly onRequested?: (request: PaymentRequest) => void;
  /** Called when a sale comes again whose request is recorded already (a redelivery): nothing is done. */
  readonly onAlreadyRequested?: (request: PaymentRequest, deliveryCount: number) => void;
  /** Waits this long between recording a request and acknowledging its message (a test widens the window for a crash). */
  readonly ackDelayMs?: number;
  /** JetStream's ack wait, in ms. Default 30 000. */
  readonly ackWaitMs?: number;
}

/** The payment request a closed auction calls for: only a sale makes one. */
export const paymentRequestOf = (event: RecordedAuctionEvent): PaymentRequest | null => {
  if (event.type !== 'AuctionClosed' || event.data.outcome !== 'sold') return null;
  const { auctionId, winnerId, price, at } = event.data;
  if (winnerId === undefined || price === undefined) return null;
  return {
    auctionId,
    buyerId: winnerId,
    amount: price,
    closedAt: at,
    event: `${event.streamName}@${event.streamVersion}`,
  };
};

/**
 * The payments service: a durable consumer (`payments`) of the relay's `AuctionClosed` messages that
 * records one payment request per sold auction. It needs nothing but NATS: no access to the auction
 * store. Redeliveries (after a crash before the acknowledgement) find the row there and change nothing.
 */
export const startPaymentsService = async (options: PaymentsServiceOptions): Promise<NatsConsumer> => {
  const consumer = consumeAuctionEvents({
    connection: options.connection,
    durable: 'payments',
    filterSubject: relaySubjectFilter({ type: 'AuctionClosed' }),
    ...(options.ackWaitMs === undefined ? {} : { ackWaitMs: options.ackWaitMs }),
    handle: async (event, delivery) => {
      const request = paymentRequestOf(event);
      if (request === null) return;
      if (options.requests.record(request)) options.onRequested?.(request);
      else options.onAlreadyRequested?.(request, delivery.deliveryCount);
      if (options.ackDelayMs !== undefined)
        await new Promise((resolve) => setTimeout(resolve, options.ackDelayMs));
    },
  });
  await consumer.start();
  return consumer;
};
