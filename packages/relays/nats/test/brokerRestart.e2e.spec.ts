import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBidding } from './bidding';
import { type FaultScenario, faultScenario } from './faultScenario';
import { startNatsServer, type TestNatsServer } from './natsServer';
import { type RelayProcess, startRelayProcess } from './relayProcess';

let server: TestNatsServer;
let connection: NatsConnection;
let scenario: FaultScenario;
let relay: RelayProcess | undefined;

beforeAll(async () => {
  server = await startNatsServer('broker-restart');
  scenario = await faultScenario();
});

afterAll(async () => {
  await relay?.kill();
  await connection?.close();
  await server?.destroy();
  await scenario?.cleanUp();
});

const TYPED = ['PUBLISH_TIMEOUT', 'NO_RESPONDERS', 'PUBLISH_REJECTED', 'BROKER_ERROR'];

it('the broker killed and restarted twice while the relay runs: it resumes by itself, typed errors meanwhile, no event lost or stored twice', async () => {
  relay = startRelayProcess({ STORE_PATH: scenario.storePath, NATS_SERVERS: server.url, STREAM: 'GAVEL' });
  const running = relay;
  await running.process.waitForLine('started', 20_000);
  const bidding = startBidding(scenario.writer, scenario.auctionIds);
  const outageCodes: string[] = [];
  for (const [round, signal] of [
    [1, 'SIGKILL'],
    [2, 'SIGTERM'],
  ] as const) {
    const before = await running.waitForStats(
      (s) => s.published > 200 * round,
      20_000,
      `published > ${200 * round}`,
    );
    await server.stop(signal);
    const during = await running.waitForStats(
      (s) => s.t > before.t && s.lastRelayError !== undefined,
      15_000,
      `an error after the broker stopped (${signal})`,
    );
    outageCodes.push(during.lastRelayError?.code ?? '');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.start();
    // It resumes by itself: the error clears and it publishes again.
    const after = await running.waitForStats(
      (s) => s.t > during.t && s.lastRelayError === undefined && s.published > during.published,
      20_000,
      'publishing again after the restart',
    );
    expect(after.published).toBeGreaterThan(during.published);
  }
  await bidding.stop();
  await scenario.writer.close(scenario.auctionIds);
  connection = await connect({ servers: server.url });
  const events = await scenario.expectStreamComplete(connection, 'GAVEL');
  for (const code of outageCodes) expect(TYPED).toContain(code);
  console.log(`broker restarts: ${events} events; errors while it was down: ${outageCodes.join(', ')}`);
  expect(await running.stop()).toBe(0);
});
