import { randomUUID } from 'node:crypto';
import { type ChannelModel, connect } from 'amqplib';

/** The shared RabbitMQ of the int tests (never stopped by a test): `GAVEL_RABBITMQ_URL` or the local one. */
export const SHARED_RABBITMQ_URL = process.env.GAVEL_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** Connects to the shared RabbitMQ, or fails with a message that says what is missing. */
export const connectShared = async (): Promise<ChannelModel> => {
  try {
    return await connect(SHARED_RABBITMQ_URL, { timeout: 5_000 });
  } catch (error) {
    throw new Error(
      `RabbitMQ is not reachable at ${SHARED_RABBITMQ_URL.replace(/\/\/[^@]*@/, '//')} (${(error as Error).message}): ` +
        'the int tests of @gavel/rabbitmq need a running broker (set GAVEL_RABBITMQ_URL to use another one)',
    );
  }
};

/** A name no other test uses: exchanges and queues of a test are its own, and deleted after it. */
export const uniqueName = (what: string): string => `gavel.test.${what}.${randomUUID().slice(0, 8)}`;
