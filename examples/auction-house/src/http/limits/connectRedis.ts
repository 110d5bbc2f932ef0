import { redactPassword } from '@gavel/stores';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long start-up waits for Redis before it gives up. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects to the Redis that shares the rate limits' counters (`GAVEL_REDIS`). Commands fail at once
 * while the connection is down (no offline queue), and the client reconnects by itself; errors after
 * start-up are logged (warn), and the rate limits let requests through meanwhile.
 * @throws Error naming `GAVEL_REDIS` and the address (without password) when Redis cannot be reached
 */
export const connectRedis = async (url: string, logger: Logger): Promise<Redis> => {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // The connection's own error (ECONNREFUSED, ENOTFOUND, NOAUTH) says more than connect()'s rejection.
  let cause: unknown;
  const onStartError = (error: unknown): void => {
    cause ??= error;
  };
  client.on('error', onStartError);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const reason = cause ?? error;
    throw new Error(
      `GAVEL_REDIS: cannot reach ${redactPassword(url)}: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  } finally {
    client.off('error', onStartError);
  }
  let lastWarning = 0;
  client.on('error', (error: unknown) => {
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, 'rate limits: Redis failed; requests pass unlimited until it is back');
  });
  return client;
};
