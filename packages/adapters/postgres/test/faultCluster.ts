import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own (never the shared one on 5432), which it may stop, restart and freeze. */
export interface FaultCluster {
  /** Its connection string (trust auth, database `postgres`). */
  readonly url: string;
  readonly port: number;
  /** `pg_ctlcluster … restart -m <mode>`: resolves once the server accepts connections again. */
  readonly restart: (mode: 'fast' | 'immediate') => Promise<void>;
  /** `pg_ctlcluster … stop -m fast`. */
  readonly stop: () => Promise<void>;
  /** `pg_ctlcluster … start`: resolves once the server accepts connections. */
  readonly start: () => Promise<void>;
  /** SIGSTOP to the postmaster and every backend: the server keeps its sockets but answers nothing. */
  readonly freeze: () => Promise<void>;
  /** SIGCONT to the same processes. */
  readonly thaw: () => Promise<void>;
  /** `pg_dropcluster --stop`: stops and deletes it (thawing it first). */
  readonly drop: () => Promise<void>;
}

/** The PostgreSQL major version installed (the one folder of `/etc/postgresql`), as `.ci/run` finds it. */
const installedVersion = (): string => {
  const versions = readdirSync('/etc/postgresql');
  if (versions.length === 0) throw new Error('no PostgreSQL under /etc/postgresql');
  return versions.sort().at(-1) as string;
};

const portInUse = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** The first port from 54329 up that no cluster is configured for and nothing listens on. */
const freePort = async (): Promise<number> => {
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  const taken = new Set(stdout.split('\n').map((line) => Number(line.trim().split(/\s+/)[2])));
  for (let port = 54329; port < 54429; port++) if (!taken.has(port) && !(await portInUse(port))) return port;
  throw new Error('no free port for a fault cluster in 54329–54428');
};

const waitUntilAccepting = async (port: number, limitMs = 30_000): Promise<void> => {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await run('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port)]);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the fault cluster on ${port} did not come up`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};

/**
 * Creates a cluster on a free port (54329+), with trust auth for local TCP, started. Needs root (as CI
 * runs): `pg_createcluster` makes it owned by `postgres`. Call `drop()` when done.
 */
export const createFaultCluster = async (): Promise<FaultCluster> => {
  const version = installedVersion();
  const port = await freePort();
  const name = `gavel_faults_${port}_${process.pid}`;
  await run('pg_createcluster', [
    version,
    name,
    '-p',
    String(port),
    '--start-conf=manual',
    '-o',
    'max_connections=200',
    '--',
    '--auth=trust',
    '--no-sync',
  ]);
  const ctl = (...args: string[]) =>
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args]);
  const dataDirectory = `/var/lib/postgresql/${version}/${name}`;
  /** The postmaster and its children (backends, checkpointer, WAL writer, …). */
  const processes = async (): Promise<number[]> => {
    const postmaster = Number(readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0]);
    const { stdout } = await run('pgrep', ['-P', String(postmaster)]).catch(() => ({ stdout: '' }));
    return [postmaster, ...stdout.split('\n').filter(Boolean).map(Number)];
  };
  let frozen: number[] = [];
  const signal = (pids: readonly number[], name: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // gone already
      }
    }
  };
  await ctl('start');
  await waitUntilAccepting(port);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async (mode) => {
      await ctl('restart', '-m', mode);
      await waitUntilAccepting(port);
    },
    stop: async () => {
      await ctl('stop', '-m', 'fast');
    },
    start: async () => {
      await ctl('start');
      await waitUntilAccepting(port);
    },
    freeze: async () => {
      frozen = await processes();
      signal(frozen, 'SIGSTOP');
    },
    thaw: async () => {
      signal(frozen, 'SIGCONT');
      frozen = [];
    },
    drop: async () => {
      signal(frozen, 'SIGCONT');
      await run('pg_dropcluster', ['--stop', version, name]);
    },
  };
};
