import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuctionService } from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitMqConsumer, type RabbitMqConsumer, type RelayedMessage } from '../src/index';
import { writeBids } from './bidWriter';
import { type RabbitNode, startRabbitNode } from './rabbitNode';
import { openCommand, waitFor } from './relayTestKit';
import { type RelayProcess, startRelayProcess } from './runChild';
import { expectEachEventOnce, storedCount } from './takenEvents';

let node: RabbitNode;
const dir = mkdtempSync(join(tmpdir(), 'gavel-rabbitmq-faults-'));
const relays: RelayProcess[] = [];
let consumer: RabbitMqConsumer | undefined;

beforeAll(async () => {
  node = await startRabbitNode('faults');
}, 60_000);
afterAll(async () => {
  for (const relay of relays) relay.child.kill('SIGKILL');
  await consumer?.stop();
  await node?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const AUCTIONS = ['lot 1.*', 'lot>2', 'enchère #3', 'plain-4', '🎉'];

describe('the relay across faults (a RabbitMQ node of its own)', () => {
  it('loses nothing when the relay is SIGKILLed mid-stream and restarted, then the broker restarted under it: the consumer takes every event once', async () => {
    const path = join(dir, 'store.db');
    const store = getSqliteEventStore({ path });
    const service = createAuctionService({ store });
    for (const auctionId of AUCTIONS) await service.execute(openCommand(auctionId, {}, Date.now()));
    const taken: RelayedMessage[] = [];
    consumer = createRabbitMqConsumer({
      connection: node.url,
      exchange: 'faults',
      queue: 'faults.consumer',
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      onError: () => {},
      handle: (message) => {
        taken.push(message);
      },
    });
    await consumer.start();
    const options = { path, url: node.url, exchange: 'faults', tag: 'first', partitions: 2, leaseMs: 1_500 };
    const writer = writeBids(service, AUCTIONS);
    try {
      // 1. The relay, SIGKILLed while bids are written and published.
      const first = startRelayProcess(options);
      relays.push(first);
      await waitFor(() => taken.length >= 150, 'the first relay to publish 150 events', 20_000);
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');

      // 2. Restarted: it takes the partitions once the dead one's leases lapse, from their checkpoints.
      const second = startRelayProcess({ ...options, tag: 'second' });
      relays.push(second);
      const before = taken.length;
      await waitFor(() => taken.length >= before + 150, 'the restarted relay to publish', 20_000);

      // 3. The broker killed and started again while the relay runs: it resumes by itself.
      await node.kill();
      await waitFor(
        () => second.last()?.broker.connected === false && second.last()?.broker.lastError !== undefined,
        'the relay to see the broker gone',
      );
      const during = second.last();
      expect(['CONNECTION_LOST', 'CONNECT_FAILED']).toContain(during?.broker.lastError?.code);
      await node.start();
      const after = taken.length;
      await waitFor(() => taken.length >= after + 150, 'the relay and the consumer to resume', 30_000);
      expect(second.last()?.broker).toMatchObject({ connected: true });
      expect(second.last()?.broker.lastError).toBeUndefined();
      expect(second.last()?.broker.connects).toBeGreaterThanOrEqual(2);
    } finally {
      await writer.stop();
    }
    const stored = await storedCount(store, AUCTIONS);
    await waitFor(() => taken.length >= stored, `the consumer to take all ${stored} events`, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may come
    await expectEachEventOnce(store, AUCTIONS, taken);
    const stats = consumer.stats();
    console.log(
      `faults: ${stored} events, ${writer.accepted()} bids; consumer took ${stats.taken}, dropped ${stats.dropped} copies, connected ${stats.connects} times`,
    );
    expect(stats.taken).toBe(stored);
    const last = relays.at(-1) as RelayProcess;
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);
    await store.close();
  });
});
