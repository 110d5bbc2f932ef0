import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBidding } from './bidding';
import { type FaultScenario, faultScenario } from './faultScenario';
import { startNatsServer, type TestNatsServer } from './natsServer';
import { type RelayProcess, startRelayProcess } from './relayProcess';

let server: TestNatsServer;
let connection: NatsConnection;
let scenario: FaultScenario;
const relays: RelayProcess[] = [];

beforeAll(async () => {
  server = await startNatsServer('two-relays');
  connection = await connect({ servers: server.url });
  scenario = await faultScenario();
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.kill()));
  await connection?.close();
  await server?.destroy();
  await scenario?.cleanUp();
});

interface Sent {
  readonly t: number;
  readonly msgId: string;
  readonly duplicate: boolean;
}

const sentBy = (log: string): Sent[] =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Sent);

it('two relay processes of one name over 4 partitions: each event sent by one owner; a kill hands its partitions over', async () => {
  const logs = [join(scenario.dir, 'a.log'), join(scenario.dir, 'b.log')];
  const env = { STORE_PATH: scenario.storePath, NATS_SERVERS: server.url, STREAM: 'GAVEL', PARTITIONS: '4' };
  const bidding = startBidding(scenario.writer, scenario.auctionIds);
  const [a, b] = logs.map((log) => startRelayProcess({ ...env, PUBLISH_LOG: log })) as [
    RelayProcess,
    RelayProcess,
  ];
  relays.push(a, b);
  const settled = (relay: RelayProcess) =>
    relay.waitForStats((s) => s.partitionsOwned.length === 2 && s.published > 50, 20_000, 'two partitions');
  await Promise.all([settled(a), settled(b)]);
  const ownedA = a.statsLines().at(-1)?.partitionsOwned ?? [];
  const ownedB = b.statsLines().at(-1)?.partitionsOwned ?? [];
  expect([...ownedA, ...ownedB].sort()).toEqual([0, 1, 2, 3]);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const killedAt = Date.now();
  await a.kill();
  await b.waitForStats(
    (s) => s.t > killedAt && s.partitionsOwned.length === 4,
    15_000,
    'all four partitions',
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await bidding.stop();
  await scenario.writer.close(scenario.auctionIds);
  const events = await scenario.expectStreamComplete(connection, 'GAVEL');
  // While both ran, no event was sent by both; after the kill, B sent again what A had sent after its
  // last checkpoint (dropped as duplicates) and the rest.
  const [sentA, sentB] = logs.map(sentBy) as [Sent[], Sent[]];
  const byA = new Set(sentA.map((sent) => sent.msgId));
  const bothWhileBothRan = sentB.filter((sent) => sent.t < killedAt && byA.has(sent.msgId));
  expect(bothWhileBothRan.map((sent) => sent.msgId)).toEqual([]);
  expect(sentA.length).toBeGreaterThan(50);
  expect(sentB.filter((sent) => sent.t < killedAt).length).toBeGreaterThan(50);
  const resentByB = sentB.filter((sent) => sent.t >= killedAt && sent.duplicate).length;
  console.log(
    `two relays: ${events} events; A sent ${sentA.length}, B ${sentB.length} (${resentByB} re-sent after the kill, dropped as duplicates)`,
  );
  expect(await b.stop()).toBe(0);
});
