/**
 * The Gavel auction house: `pnpm start` at the repository root (or `node scripts/start.mjs` here).
 * Reads PORT, HOST, GAVEL_STORE, GAVEL_SECRET, GAVEL_DEMO and LOG_LEVEL; prints
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
  const { store, description } = await openStore(config.store);
  const house = await createAuctionHouse({
    store,
    secret: config.secret,
    logger,
    simulateBidders: config.demo,
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
    house.close().then(
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
  logger.info({ store: description }, 'listening');
  process.stdout.write(`Gavel auction house on http://${config.host}:${port}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(
    `auction house failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
