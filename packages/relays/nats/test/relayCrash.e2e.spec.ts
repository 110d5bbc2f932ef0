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
  server = await startNatsServer('relay-crash');
  connection = await connect({ servers: server.url });
  scenario = await faultScenario();
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.kill()));
  await connection?.close();
  await server?.destroy();
  await scenario?.cleanUp();
});

it('a relay killed with SIGKILL mid-stream and restarted: the stream holds every event once, in order', async () => {
  const env = { STORE_PATH: scenario.storePath, NATS_SERVERS: server.url, STREAM: 'GAVEL', PARTITIONS: '4' };
  const bidding = startBidding(scenario.writer, scenario.auctionIds);
  for (const round of [1, 2]) {
    const relay = startRelayProcess(env);
    relays.push(relay);
    // Kill it while it publishes: some of what it sent after its last checkpoint will be sent again.
    await relay.waitForStats((stats) => stats.published > 150, 20_000, `published > 150 (round ${round})`);
    await relay.kill();
  }
  const last = startRelayProcess(env);
  relays.push(last);
  await last.process.waitForLine('started', 20_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const bids = await bidding.stop();
  await scenario.writer.close(scenario.auctionIds);
  const events = await scenario.expectStreamComplete(connection, 'GAVEL');
  const final = await last.waitForStats(
    (stats) => stats.caughtUp && stats.pending === 0,
    10_000,
    'caught up',
  );
  expect(bids).toBeGreaterThan(300);
  console.log(
    `relay crash: ${events} events; the last relay re-sent ${final.duplicates} that JetStream dropped as duplicates`,
  );
  expect(await last.stop()).toBe(0);
});
