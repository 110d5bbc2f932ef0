/**
 * The relay next to the auction house: `pnpm --filter @gavel/example-payments relay`. Environment:
 * GAVEL_STORE (the auction house's store URL; default sqlite:../auction-house/data/gavel.db, the house's
 * own default file), NATS_URL (default nats://127.0.0.1:4222), RELAY_PARTITIONS (default 4: up to four
 * relay processes share the work). Prints `relay ready` once what was in the store is in JetStream.
 */
import type { EventStore } from '@gavel/core';
import { createNatsRelay } from '@gavel/nats';
import { getSqliteEventStore } from '@gavel/sqlite';
import { openEventStore, parseStoreUrl } from '@gavel/stores';
import { connect } from '@nats-io/transport-node';

/** The store; a SQLite file written by another process is polled every 20 ms (its default is 100). */
const openStore = async (url: string): Promise<EventStore> => {
  const parsed = parseStoreUrl(url);
  if (parsed.ok && parsed.location.kind === 'sqlite')
    return getSqliteEventStore({ path: parsed.location.path, pollIntervalMs: 20 });
  return openEventStore(url);
};

const main = async (): Promise<void> => {
  const store = await openStore(process.env.GAVEL_STORE ?? 'sqlite:../auction-house/data/gavel.db');
  const connection = await connect({
    servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','),
    maxReconnectAttempts: -1,
  });
  const relay = createNatsRelay({ store, connection, partitions: Number(process.env.RELAY_PARTITIONS ?? 4) });
  const stop = (): void => {
    void relay
      .stop()
      .then(() => connection.drain())
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await relay.start();
  process.stdout.write('relay ready\n');
};

main().catch((error: unknown) => {
  process.stderr.write(`relay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
