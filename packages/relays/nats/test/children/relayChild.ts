/**
 * Test-only: a relay in a process of its own, so that a test can kill it with SIGKILL. Environment:
 * STORE_PATH (a SQLite file), NATS_SERVERS (comma-separated), STREAM, PARTITIONS, LEASE_MS, REPLICAS,
 * PUBLISH_TIMEOUT_MS, NO_RANDOMIZE (connect to
 * the first server first), PUBLISH_LOG (a file where every acknowledged publish is written, with its time
 * and whether it was a duplicate). Prints `started` once `start()` resolved, then a JSON line of its
 * stats every 100 ms; SIGTERM stops it cleanly.
 */
import { openSync, writeSync } from 'node:fs';
import { getSqliteEventStore } from '@gavel/sqlite';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createNatsRelay } from '../../src/index';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

/** The connection, with every JetStream publish's acknowledgement written to the log. */
const logged = (connection: NatsConnection, log: number | undefined): NatsConnection => {
  if (log === undefined) return connection;
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'request')
        return async (subject: string, data: unknown, options?: { headers?: { get(k: string): string } }) => {
          const reply = await target.request(subject, data as string, options as never);
          const msgId = options?.headers?.get('Nats-Msg-Id');
          if (msgId) {
            const ack = reply.json<{ seq?: number; duplicate?: boolean }>();
            if (ack.seq !== undefined)
              writeSync(
                log,
                `${JSON.stringify({ t: Date.now(), pid: process.pid, msgId, seq: ack.seq, duplicate: ack.duplicate === true })}\n`,
              );
          }
          return reply;
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
};

const main = async (): Promise<void> => {
  const store = getSqliteEventStore({ path: env('STORE_PATH'), pollIntervalMs: 20 });
  const connection = await connect({
    servers: env('NATS_SERVERS').split(','),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 200,
    noRandomize: process.env.NO_RANDOMIZE === '1',
  });
  const logPath = process.env.PUBLISH_LOG;
  const relay = createNatsRelay({
    store,
    connection: logged(connection, logPath === undefined ? undefined : openSync(logPath, 'a')),
    stream: env('STREAM', 'GAVEL'),
    partitions: Number(env('PARTITIONS', '4')),
    leaseMs: Number(env('LEASE_MS', '2000')),
    replicas: Number(env('REPLICAS', '1')),
    publishTimeoutMs: Number(env('PUBLISH_TIMEOUT_MS', '1000')),
    retry: { initialDelayMs: 50, maxDelayMs: 500 },
    onError: () => {},
  });
  const report = setInterval(() => {
    const stats = relay.stats();
    process.stdout.write(
      `${JSON.stringify({ t: Date.now(), ...stats, position: String(stats.position) })}\n`,
    );
  }, 100);
  process.once('SIGTERM', () => {
    clearInterval(report);
    void relay
      .stop()
      .then(() => connection.drain())
      .then(() => store.close())
      .then(() => process.exit(0));
  });
  await relay.start();
  process.stdout.write('started\n');
};

main().catch((error: unknown) => {
  process.stderr.write(`relay child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
