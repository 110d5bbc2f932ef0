/**
 * The payments service: `pnpm --filter @gavel/example-payments start`. Environment: NATS_URL (default
 * nats://127.0.0.1:4222), PAYMENTS_DB (default ./data/payments.db, in this folder); for tests,
 * PAYMENTS_ACK_WAIT_MS (JetStream's ack wait when the consumer is created) and PAYMENTS_ACK_DELAY_MS (a
 * pause between recording and acknowledging). It prints `payments service ready` once it consumes,
 * then one line per payment request, new or already recorded; SIGTERM stops it.
 */
import { connect } from '@nats-io/transport-node';
import { openPaymentRequests } from './paymentRequests';
import { startPaymentsService } from './paymentsService';

const main = async (): Promise<void> => {
  const connection = await connect({
    servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','),
    maxReconnectAttempts: -1,
  });
  const requests = openPaymentRequests(process.env.PAYMENTS_DB ?? './data/payments.db');
  const ackDelayMs = process.env.PAYMENTS_ACK_DELAY_MS;
  const ackWaitMs = process.env.PAYMENTS_ACK_WAIT_MS;
  const service = await startPaymentsService({
    connection,
    requests,
    onRequested: (request) =>
      process.stdout.write(
        `payment requested: ${JSON.stringify(request.auctionId)} ${request.amount} from ${request.buyerId}\n`,
      ),
    onAlreadyRequested: (request, deliveryCount) =>
      process.stdout.write(
        `payment already requested: ${JSON.stringify(request.auctionId)} (delivery ${deliveryCount})\n`,
      ),
    ...(ackDelayMs === undefined ? {} : { ackDelayMs: Number(ackDelayMs) }),
    ...(ackWaitMs === undefined ? {} : { ackWaitMs: Number(ackWaitMs) }),
  });
  process.stdout.write('payments service ready\n');
  const stop = (): void => {
    void service
      .stop()
      .then(() => connection.drain())
      .then(() => requests.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(
    `payments service failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
