import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';

/** The server script of Debian's rabbitmq-server package, run directly (not through its `su` wrapper). */
const SERVER = process.env.GAVEL_RABBITMQ_SERVER ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** A RabbitMQ node of a test's own: its own ports, data and logs, stopped and restarted at will. */
export interface RabbitNode {
  /** `amqp://guest:guest@127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Kills the node at once (SIGKILL to its whole process group), as a crash would; its data stays. */
  kill(): Promise<void>;
  /** Starts the node again on the same ports and data, and resolves once it takes connections. */
  start(): Promise<void>;
  /** Kills it and removes its folder. */
  remove(): Promise<void>;
  /** The end of its log, for a failure message. */
  logTail(): string;
}

/** A TCP port nobody listens on now. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

/** Resolves once an AMQP connection succeeds (and closes it), polling; rejects after `timeoutMs`. */
const waitForBroker = async (url: string, timeoutMs: number, died: () => string | null): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const death = died();
    if (death !== null) throw new Error(death);
    try {
      const model = await connect(url, { timeout: 1_000 });
      await model.close();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`RabbitMQ did not take connections within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
};

/**
 * Starts a RabbitMQ node for one test file: `rabbitmq-server` with a unique node name, free AMQP and
 * distribution ports, its data, logs and config in a temporary folder, no plugins (so no management
 * listener), run in its own process group so that a kill takes beam and its helpers together. It
 * registers its name with the machine's epmd (the shared broker's, when one runs) and touches nothing
 * else of it. Takes several seconds to boot.
 */
export const startRabbitNode = async (name: string): Promise<RabbitNode> => {
  if (!existsSync(SERVER))
    throw new Error(
      `${SERVER} is missing: the e2e tests of @gavel/rabbitmq start RabbitMQ nodes of their own (apt-get install rabbitmq-server, or set GAVEL_RABBITMQ_SERVER)`,
    );
  const dir = mkdtempSync(join(tmpdir(), `gavel-rabbit-${name}-`));
  const [port, distPort] = [await freePort(), await freePort()];
  const nodeName = `gavel-${name}-${process.pid}-${port}@localhost`;
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(join(dir, 'rabbitmq.conf'), 'loopback_users = none\ndisk_free_limit.absolute = 1MB\n');
  mkdirSync(join(dir, 'log'));
  const env = {
    ...process.env,
    HOME: dir, // the Erlang cookie of this node
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'node.pid'),
  };
  const url = `amqp://guest:guest@127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let exitNote: string | null = null;

  const logTail = (): string => {
    const file = join(dir, 'log', `${nodeName}.log`);
    const out = join(dir, 'server.out');
    const text = existsSync(file)
      ? readFileSync(file, 'utf8')
      : existsSync(out)
        ? readFileSync(out, 'utf8')
        : '';
    return text.split('\n').slice(-30).join('\n');
  };

  const start = async (): Promise<void> => {
    const out = openSync(join(dir, 'server.out'), 'a');
    exitNote = null;
    const started = spawn(SERVER, [], { env, cwd: dir, detached: true, stdio: ['ignore', out, out] });
    child = started;
    exited = new Promise((resolve) => {
      started.once('exit', (code, signal) => {
        exitNote = `RabbitMQ node ${nodeName} exited (${code ?? signal}) while starting:\n${logTail()}`;
        resolve();
      });
    });
    await waitForBroker(url, 60_000, () => exitNote);
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running?.pid === undefined || running.exitCode !== null || running.signalCode !== null) return;
    try {
      process.kill(-running.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await exited;
  };

  await start();
  return {
    url,
    port,
    kill,
    start,
    remove: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    logTail,
  };
};
