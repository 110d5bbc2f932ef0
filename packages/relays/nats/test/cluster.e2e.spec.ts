import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBidding } from './bidding';
import { type FaultScenario, faultScenario } from './faultScenario';
import { startNatsCluster, type TestNatsCluster } from './natsServer';
import { type RelayProcess, startRelayProcess } from './relayProcess';

let cluster: TestNatsCluster;
let connection: NatsConnection;
let scenario: FaultScenario;
let relay: RelayProcess | undefined;

beforeAll(async () => {
  [cluster, scenario] = await Promise.all([startNatsCluster(), faultScenario()]);
  connection = await connect({ servers: cluster.servers, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
});

afterAll(async () => {
  await relay?.kill();
  await connection?.close();
  await cluster?.destroy();
  await scenario?.cleanUp();
});

it('a three-node cluster with the stream leader killed and brought back: no event lost or stored twice, the relay resumes by itself', async () => {
  // The stream as the relay makes it, three replicas; the relay is connected to its leader first.
  const jsm = await jetstreamManager(connection);
  await jsm.streams.add({
    name: 'GAVEL',
    subjects: ['gavel.>'],
    duplicate_window: nanos(120_000),
    num_replicas: 3,
  });
  const leaderName = (await jsm.streams.info('GAVEL')).cluster?.leader;
  const leader = cluster.nodes.find((node) => node.name === leaderName);
  if (leader === undefined) throw new Error(`no node is the stream's leader (${leaderName})`);
  const servers = [leader.url, ...cluster.servers.filter((url) => url !== leader.url)];
  relay = startRelayProcess({
    STORE_PATH: scenario.storePath,
    NATS_SERVERS: servers.join(','),
    NO_RANDOMIZE: '1',
    STREAM: 'GAVEL',
    REPLICAS: '3',
  });
  const running = relay;
  await running.process.waitForLine('started', 20_000);
  const bidding = startBidding(scenario.writer, scenario.auctionIds);
  const before = await running.waitForStats((s) => s.published > 200, 20_000, 'published > 200');
  await leader.stop('SIGKILL');
  const during = await running.waitForStats(
    (s) => s.t > before.t && s.lastRelayError !== undefined,
    15_000,
    'an error after the leader died',
  );
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await leader.start();
  await running.waitForStats(
    (s) => s.t > during.t && s.lastRelayError === undefined && s.published > during.published + 100,
    30_000,
    'publishing again',
  );
  await bidding.stop();
  await scenario.writer.close(scenario.auctionIds);
  const events = await scenario.expectStreamComplete(connection, 'GAVEL', 30_000);
  expect(['PUBLISH_TIMEOUT', 'NO_RESPONDERS', 'PUBLISH_REJECTED', 'BROKER_ERROR']).toContain(
    during.lastRelayError?.code,
  );
  console.log(`cluster: ${events} events; error while the leader was down: ${during.lastRelayError?.code}`);
  expect(await running.stop()).toBe(0);
});
