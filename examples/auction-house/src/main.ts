/**
 * The Gavel auction house: `pnpm start` at the repository root (or `node scripts/start.mjs` here).
 * Reads PORT, HOST, GAVEL_STORE, GAVEL_SECRET, GAVEL_DEMO, LOG_LEVEL, the limits (GAVEL_SESSION_TTL_MS,
 * GAVEL_SIGNIN_PER_MINUTE, GAVEL_AUCTIONS_PER_HOUR, GAVEL_REQUEST_TIMEOUT_MS, GAVEL_MAX_CONNECTIONS, …),
 * GAVEL_REDIS, GAVEL_TRUST_PROXY and GAVEL_LIST_CACHE_MS (see readConfig); prints
 * `Gavel auction house on http://HOST:PORT` on stdout once it listens; logs (pino, JSON) go to stderr.
 */
import pino from 'pino';
import { openStore } from './config/openStore';
import { readConfig } from './config/readConfig';
import { createAuctionHouse } from './server/createAuctionHouse';

const SHUTDOWN_GRACE_MS = 4000;

const main = async (): Promise<void> => {
  const config = readConfig();
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  if (config.secretIsRandom)
    logger.warn(
      'GAVEL_SECRET is not set: using a random one, so sessions and masked ids last until the next start',
    );
  const { store, catalog, description, closeExtra } = await openStore(
    config.store,
    undefined,
    config.readStore,
  );
  const house = await createAuctionHouse({
    store,
    catalog,
    secret: config.secret,
    logger,
    simulateBidders: config.demo,
    limits: config.limits,
    trustProxy: config.trustProxy,
    listCacheMs: config.listCacheMs,
    ...(config.statsToken === undefined ? {} : { statsToken: config.statsToken }),
    ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }),
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    house
      .close()
      .then(closeExtra)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await house.listen(config.port, config.host);
  const address = house.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info(
    {
      store: description,
      rateLimits: config.redisUrl === undefined ? 'counted by this instance alone' : 'shared in GAVEL_REDIS',
      limits: config.limits,
      listCacheMs: config.listCacheMs,
    },
    'listening',
  );
  process.stdout.write(`Gavel auction house on http://${config.host}:${port}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(
    `auction house failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
