import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuctionService } from '@gavel/core';
import { createNatsRelay, type NatsRelay } from '@gavel/nats';
import { getSqliteEventStore, type SqliteEventStore } from '@gavel/sqlite';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LineProcess, startLineProcess } from '../../../packages/core/test/childProcessLines';
import { startNatsServer, type TestNatsServer } from '../../../packages/relays/nats/test/natsServer';
import { openPaymentRequests } from '../src/paymentRequests';

const example = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gavel-payments-'));
const paymentsDb = join(dir, 'payments.db');
let server: TestNatsServer;
let connection: NatsConnection;
let store: SqliteEventStore;
let relay: NatsRelay;
const services: LineProcess[] = [];

const startService = (env: Record<string, string> = {}): LineProcess => {
  const service = startLineProcess(join(example, 'src/main.ts'), [], {
    cwd: example,
    env: { NATS_URL: server.url, PAYMENTS_DB: paymentsDb, PAYMENTS_ACK_WAIT_MS: '1000', ...env },
  });
  services.push(service);
  return service;
};

const linesStarting = (service: LineProcess, prefix: string): string[] =>
  service.lines.filter((line) => line.startsWith(prefix));

const waitUntil = async (test: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

beforeAll(async () => {
  server = await startNatsServer('payments');
  connection = await connect({ servers: server.url });
  store = getSqliteEventStore({ path: join(dir, 'store.db') });
  relay = createNatsRelay({ store, connection, onError: () => {} });
  await relay.start();
});

afterAll(async () => {
  for (const service of services) service.child.kill('SIGKILL');
  await relay?.stop();
  await store?.close();
  await connection?.close();
  await server?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('records exactly one payment request per sold auction, even when the service dies before acknowledging and JetStream delivers again', async () => {
  let now = Date.now();
  const service = createAuctionService({ store, clock: () => now });
  const endsAt = now + 60_000;
  for (const auctionId of ['sold-1', 'sold 2.*', 'unsold-3'])
    await service.execute({
      type: 'OpenAuction',
      data: { auctionId, sellerId: 'seller', currency: 'EUR', startingPrice: 1_000, endsAt },
    });
  await service.execute({
    type: 'SetMaxBid',
    data: { auctionId: 'sold-1', bidderId: 'ann', maxAmount: 5_000 },
  });
  await service.execute({ type: 'PlaceBid', data: { auctionId: 'sold-1', bidderId: 'bob', amount: 2_000 } });
  await service.execute({ type: 'PlaceBid', data: { auctionId: 'sold 2.*', bidderId: 'cy', amount: 1_000 } });

  // The first service records the requests, then waits 5 s before acknowledging: it is killed meanwhile.
  const first = startService({ PAYMENTS_ACK_DELAY_MS: '5000' });
  await first.waitForLine('payments service ready', 20_000);
  now = endsAt + 1;
  for (const auctionId of ['sold-1', 'sold 2.*', 'unsold-3'])
    await service.execute({ type: 'CloseAuction', data: { auctionId } });
  await waitUntil(() => linesStarting(first, 'payment requested').length >= 1, 15_000, 'a first request');
  first.child.kill('SIGKILL');
  await first.exited;

  // The second one gets what was not acknowledged again: what was recorded stays one row.
  const second = startService();
  await second.waitForLine('payments service ready', 20_000);
  await waitUntil(
    () =>
      linesStarting(first, 'payment requested').length + linesStarting(second, 'payment requested').length ===
      2,
    15_000,
    'both sales requested',
  );
  await waitUntil(
    () => linesStarting(second, 'payment already requested').length >= 1,
    15_000,
    'a redelivery',
  );
  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);

  // A third start finds everything acknowledged: nothing comes again.
  const third = startService();
  await third.waitForLine('payments service ready', 20_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  third.child.kill('SIGTERM');
  await third.exited;
  expect(third.lines.filter((line) => line.startsWith('payment'))).toEqual(['payments service ready']);

  const requests = openPaymentRequests(paymentsDb);
  const rows = requests.list();
  requests.close();
  expect(rows.map(({ auctionId, buyerId, amount }) => ({ auctionId, buyerId, amount }))).toEqual([
    { auctionId: 'sold 2.*', buyerId: 'cy', amount: 1_000 },
    { auctionId: 'sold-1', buyerId: 'ann', amount: 2_050 }, // bob's 2 000 and one increment
  ]);
  expect(linesStarting(second, 'payment already requested')[0]).toMatch(/\(delivery [2-9]\)$/);
});
