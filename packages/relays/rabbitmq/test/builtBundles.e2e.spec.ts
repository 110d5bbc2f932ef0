import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectShared, SHARED_RABBITMQ_URL, uniqueName } from './sharedRabbit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const exchange = uniqueName('bundles');
const queues: string[] = [];

beforeAll(async () => {
  (await connectShared()).close(); // fails with a clear message when the broker is down
});
afterAll(async () => {
  const admin = await connectShared();
  const channel = await admin.createChannel();
  for (const queue of queues) await channel.deleteQueue(queue);
  await channel.deleteExchange(exchange);
  await admin.close();
});

/**
 * Through the package's public name, as a user's backend would: relays an auction to the shared broker
 * and takes it back with the consumer helper; a bad option is refused with core's own error class.
 */
const script = (load: string, loadCore: string, queue: string): string => `
  (async () => {
    const { createRabbitMqRelay, createRabbitMqConsumer } = ${load};
    const { createAuctionService, getInMemoryEventStore, InvalidOptionsError } = ${loadCore};
    const url = ${JSON.stringify(SHARED_RABBITMQ_URL)};
    const store = getInMemoryEventStore();
    await createAuctionService({ store }).execute({ type: 'OpenAuction', data: { auctionId: 'lot.1', sellerId: 's', currency: 'EUR', startingPrice: 100, endsAt: Date.now() + 60000 } });
    const taken = [];
    const consumer = createRabbitMqConsumer({ connection: url, exchange: ${JSON.stringify(exchange)}, queue: ${JSON.stringify(queue)}, handle: (m) => { taken.push(m); } });
    await consumer.start();
    const relay = createRabbitMqRelay({ store, connection: url, exchange: ${JSON.stringify(exchange)}, name: ${JSON.stringify(queue)} });
    await relay.start();
    while (taken.length === 0) await new Promise((r) => setTimeout(r, 20));
    await relay.stop();
    await consumer.stop();
    let refused;
    try { createRabbitMqRelay({ store, connection: url, exchange: 'amq.nope' }); } catch (e) { refused = e; }
    process.stdout.write(JSON.stringify({ key: taken[0].routingKey, id: taken[0].messageId, type: taken[0].body.type, refused: [refused instanceof InvalidOptionsError, refused.code, refused.path] }));
  })();
`;

describe('the built bundles (run `pnpm build` first)', () => {
  it.each([
    [
      'ESM',
      'dist/index.js',
      ['--input-type=module', '-e'],
      "await import('@gavel/rabbitmq')",
      "await import('@gavel/core')",
    ],
    ['CJS', 'dist/index.cjs', ['-e'], "require('@gavel/rabbitmq')", "require('@gavel/core')"],
  ])('%s: relays an event to RabbitMQ and consumes it back', (_name, bundle, flags, load, loadCore) => {
    expect(existsSync(join(packageDir, bundle)), `${bundle} is missing: run pnpm build`).toBe(true);
    const queue = uniqueName('bundle-queue');
    queues.push(queue);
    const output = execFileSync(process.execPath, [...flags, script(load, loadCore, queue)], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(JSON.parse(output)).toEqual({
      key: 'AuctionOpened.lot%2E1',
      id: 'auction-lot.1@1',
      type: 'AuctionOpened',
      refused: [true, 'INVALID_OPTIONS', 'exchange'],
    });
  });
});
