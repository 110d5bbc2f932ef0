/**
 * Test-only: NATS servers of the test's own, on free ports with a storage folder of their own (never
 * the machine's shared server): one server, or a three-node JetStream cluster, each node of which can be
 * killed and started again on the same port and storage.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/** The server binary: `NATS_SERVER`, else Debian's `/usr/sbin/nats-server`. */
export const NATS_SERVER = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';

/**
 * Fails with a clear message when there is no nats-server to start: every test that needs one calls it
 * first (in `beforeAll`), so a machine without it fails the test instead of skipping it.
 */
export const requireNatsServer = (): void => {
  if (!existsSync(NATS_SERVER))
    throw new Error(
      `nats-server is not installed at ${NATS_SERVER}: the NATS tests start servers of their own (apt-get install nats-server, or set NATS_SERVER to its path)`,
    );
};

/** A TCP port free on 127.0.0.1 now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** One nats-server process of a test. */
export interface TestNatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly name: string;
  /** Starts it (again): same port, same storage. Resolves once it is ready for clients. */
  start(): Promise<void>;
  /** Stops it with `signal` (default SIGTERM: a clean shutdown; SIGKILL: a crash); resolves once it exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it and deletes its storage. */
  destroy(): Promise<void>;
}

interface ServerSpec {
  readonly name: string;
  readonly port: number;
  readonly storeDir: string;
  readonly cluster?: { readonly name: string; readonly port: number; readonly routes: readonly number[] };
}

const args = (spec: ServerSpec): string[] => [
  '-js',
  '-a',
  '127.0.0.1',
  '-p',
  String(spec.port),
  '-sd',
  spec.storeDir,
  '-n',
  spec.name,
  ...(spec.cluster === undefined
    ? []
    : [
        '--cluster_name',
        spec.cluster.name,
        '--cluster',
        `nats://127.0.0.1:${spec.cluster.port}`,
        '--routes',
        spec.cluster.routes.map((port) => `nats://127.0.0.1:${port}`).join(','),
      ]),
];

const testServer = (spec: ServerSpec): TestNatsServer => {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const server: TestNatsServer = {
    url: `nats://127.0.0.1:${spec.port}`,
    port: spec.port,
    name: spec.name,
    start: async () => {
      if (child !== undefined) return;
      const started = spawn(NATS_SERVER, args(spec), { stdio: ['ignore', 'ignore', 'pipe'] });
      child = started;
      running.add(started);
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      let log = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${spec.name} did not start in 20 s:\n${log}`)),
          20_000,
        );
        started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
          log = (log + chunk).slice(-20_000);
          if (log.includes('Server is ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${spec.name} exited (${code}) before it was ready:\n${log}`));
        });
      });
    },
    stop: async (signal = 'SIGTERM') => {
      const stopping = child;
      if (stopping === undefined) return;
      child = undefined;
      stopping.kill(signal);
      await exited;
      running.delete(stopping);
    },
    destroy: async () => {
      await server.stop('SIGKILL');
      rmSync(spec.storeDir, { recursive: true, force: true });
    },
  };
  return server;
};

/** Starts one JetStream server on a free port, with storage in a new temporary folder. */
export const startNatsServer = async (name = 'gavel-test'): Promise<TestNatsServer> => {
  requireNatsServer();
  const server = testServer({
    name,
    port: await freePort(),
    storeDir: mkdtempSync(join(tmpdir(), `gavel-nats-${name}-`)),
  });
  await server.start();
  return server;
};

/** A three-node JetStream cluster of a test. */
export interface TestNatsCluster {
  readonly nodes: readonly TestNatsServer[];
  /** Every node's URL, for a client that fails over. */
  readonly servers: string[];
  destroy(): Promise<void>;
}

/** Waits until JetStream answers through `connection` (a cluster has elected its meta leader). */
export const waitForJetStream = async (connection: NatsConnection, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const jsm = await jetstreamManager(connection, { timeout: 2_000 });
      await jsm.getAccountInfo();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
};

/** Starts a three-node JetStream cluster on free ports and waits until JetStream answers. */
export const startNatsCluster = async (): Promise<TestNatsCluster> => {
  requireNatsServer();
  const clientPorts = [await freePort(), await freePort(), await freePort()];
  const routePorts = [await freePort(), await freePort(), await freePort()];
  const clusterName = `gavel-test-${process.pid}`;
  const nodes = clientPorts.map((port, i) =>
    testServer({
      name: `node${i + 1}`,
      port,
      storeDir: mkdtempSync(join(tmpdir(), `gavel-nats-node${i + 1}-`)),
      cluster: {
        name: clusterName,
        port: routePorts[i] as number,
        routes: routePorts.filter((_, j) => j !== i),
      },
    }),
  );
  await Promise.all(nodes.map((node) => node.start()));
  const servers = nodes.map((node) => node.url);
  const probe = await connect({ servers });
  try {
    await waitForJetStream(probe);
  } finally {
    await probe.close();
  }
  return {
    nodes,
    servers,
    destroy: async () => {
      await Promise.all(nodes.map((node) => node.destroy()));
    },
  };
};
