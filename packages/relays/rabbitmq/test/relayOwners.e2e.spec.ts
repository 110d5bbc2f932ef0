import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuctionService, partitionOf } from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitMqConsumer, type RabbitMqConsumer, type RelayedMessage } from '../src/index';
import { writeBids } from './bidWriter';
import { type RabbitNode, startRabbitNode } from './rabbitNode';
import { openCommand, waitFor } from './relayTestKit';
import { type RelayProcess, startRelayProcess } from './runChild';
import { expectEachEventOnce, storedCount } from './takenEvents';

let node: RabbitNode;
let tap: ChannelModel | undefined;
let consumer: RabbitMqConsumer | undefined;
const relays: RelayProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gavel-rabbitmq-owners-'));

beforeAll(async () => {
  node = await startRabbitNode('owners');
}, 60_000);
afterAll(async () => {
  for (const relay of relays) relay.child.kill('SIGKILL');
  await consumer?.stop();
  await tap?.close().catch(() => {});
  await node?.remove();
  rmSync(dir, { recursive: true, force: true });
});

const AUCTIONS = Array.from({ length: 12 }, (_, i) => `lot ${i}.*`);
const EXCHANGE = 'owners';

/** Every delivery of a second queue, untouched by any check: which relay published which message. */
const tapPublishers = async (url: string): Promise<{ publishers: Map<string, string[]> }> => {
  tap = await connect(url);
  const channel: Channel = await tap.createChannel();
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue('owners.tap', { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue('owners.tap', EXCHANGE, '#');
  const publishers = new Map<string, string[]>();
  await channel.consume('owners.tap', (message) => {
    if (message === null) return;
    const id = message.properties.messageId as string;
    publishers.set(id, [...(publishers.get(id) ?? []), String(message.properties.headers?.['X-Test-Relay'])]);
    channel.ack(message);
  });
  return { publishers };
};

describe('two relay processes with the same name (a RabbitMQ node of its own)', () => {
  it('share 4 partitions, each event published by its partition’s one owner; a SIGKILL hands the dead one’s partitions over', async () => {
    const path = join(dir, 'store.db');
    const store = getSqliteEventStore({ path });
    const service = createAuctionService({ store });
    for (const auctionId of AUCTIONS) await service.execute(openCommand(auctionId, {}, Date.now()));
    const { publishers } = await tapPublishers(node.url);
    const taken: RelayedMessage[] = [];
    consumer = createRabbitMqConsumer({
      connection: node.url,
      exchange: EXCHANGE,
      queue: 'owners.consumer',
      onError: () => {},
      handle: (message) => {
        taken.push(message);
      },
    });
    await consumer.start();
    const options = { path, url: node.url, exchange: EXCHANGE, partitions: 4, leaseMs: 1_500 };
    const a = startRelayProcess({ ...options, tag: 'a' });
    const b = startRelayProcess({ ...options, tag: 'b' });
    relays.push(a, b);
    const owned = (relay: RelayProcess): number[] => relay.last()?.partitionsOwned ?? [];
    await waitFor(
      () => owned(a).length === 2 && owned(b).length === 2,
      'the relays to share the partitions',
      20_000,
    );
    const ofA = owned(a);

    // Both running: every message is published once, the bids (written once the partitions were
    // shared) by the owner of their auction's partition.
    const writer = writeBids(service, AUCTIONS);
    try {
      await waitFor(() => taken.length >= 400, '400 events taken', 20_000);
      const beforeKill = new Map([...publishers].map(([id, tags]) => [id, [...tags]]));
      a.child.kill('SIGKILL');
      expect(await a.exited).toBe('SIGKILL');
      expect(beforeKill.size).toBeGreaterThanOrEqual(400);
      for (const [id, tags] of beforeKill) {
        expect(tags, id).toHaveLength(1);
        if (id.endsWith('@1')) continue; // the openings, published before b joined
        const stream = id.slice(0, id.lastIndexOf('@'));
        expect(tags, id).toEqual([ofA.includes(partitionOf(stream, 4)) ? 'a' : 'b']);
      }

      // The survivor takes the dead one's partitions (after its leases lapse) and publishes the rest.
      await waitFor(() => owned(b).length === 4, 'b to own every partition', 10_000);
      const afterTakeover = taken.length;
      await waitFor(() => taken.length >= afterTakeover + 200, 'more events after the takeover', 20_000);
    } finally {
      await writer.stop();
    }
    const stored = await storedCount(store, AUCTIONS);
    await waitFor(() => taken.length >= stored, `the consumer to take all ${stored} events`, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectEachEventOnce(store, AUCTIONS, taken);
    const republished = [...publishers.values()].filter((tags) => tags.length > 1).length;
    const byB = [...publishers.entries()].filter(([id, tags]) => {
      const stream = id.slice(0, id.lastIndexOf('@'));
      return ofA.includes(partitionOf(stream, 4)) && tags.includes('b');
    }).length;
    console.log(
      `owners: ${stored} events; a owned ${ofA.join(',')}; ${republished} published twice (after the kill), ${byB} of a's partitions by b; consumer dropped ${consumer.stats().dropped}`,
    );
    expect(byB).toBeGreaterThan(0);
    expect(consumer.stats().taken).toBe(stored);
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    await store.close();
  });
});
