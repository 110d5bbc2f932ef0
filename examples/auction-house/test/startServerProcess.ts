import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** A server started as a child process with `node scripts/start.mjs`. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed on stdout and stderr so far. */
  readonly output: () => string;
  /** SIGTERM, then waits for the exit; resolves with the exit code and how long the exit took. */
  readonly stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const START_SCRIPT = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));

/** The start line of the contract: `Gavel auction house on http://HOST:PORT`. */
export const START_LINE = /^Gavel auction house on (http:\/\/[^\s:]+:\d+)$/m;

/**
 * Generous limits for tests that sign in many users and open many auctions from one address (a browser
 * test, two instances); a test of a limit passes that variable itself, which wins.
 */
export const GENEROUS_TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  GAVEL_SIGNIN_PER_MINUTE: '100000',
  GAVEL_AUCTIONS_PER_HOUR: '100000',
  GAVEL_AUCTIONS_PER_HOUR_PER_ADDRESS: '100000',
  GAVEL_MAX_CONNECTIONS_PER_ADDRESS: '10000',
});

/**
 * Starts the auction house with `env` added to this process's environment and {@link GENEROUS_TEST_ENV}
 * (PORT defaults to 0: a free port) and waits for the start line on stdout.
 */
export const startServerProcess = async (
  env: Readonly<Record<string, string>>,
  timeoutMs = 45_000,
): Promise<ServerProcess> => {
  const child = spawn(process.execPath, [START_SCRIPT], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...GENEROUS_TEST_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const output = () => `${stdout}\n--- stderr ---\n${stderr}`;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start line within ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const check = () => {
      const match = START_LINE.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${output()}`));
    });
  });
  const stop = async () => {
    const started = Date.now();
    if (child.exitCode !== null || child.signalCode !== null)
      return { code: child.exitCode, signal: child.signalCode, ms: 0 };
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await exited;
    clearTimeout(kill);
    return { code, signal, ms: Date.now() - started };
  };
  return { url, child, output, stop };
};
