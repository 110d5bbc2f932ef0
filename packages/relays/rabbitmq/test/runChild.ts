import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RabbitMqRelayStats } from '../src/index';
import type { RelayChildOptions } from './relayChild';

/** A relay child process and what it printed. */
export interface RelayProcess {
  readonly child: ChildProcess;
  /** Its stats lines so far, parsed (bigints as strings). */
  readonly stats: RabbitMqRelayStats[];
  /** The last stats line, if any. */
  last(): RabbitMqRelayStats | undefined;
  readonly stderr: () => string;
  /** Resolves with its exit code or signal. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts `relayChild.ts` in a child Node process (through tsx). */
export const startRelayProcess = (options: RelayChildOptions): RelayProcess => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./relayChild.ts', import.meta.url)), JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stats: RabbitMqRelayStats[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) stats.push(JSON.parse(line) as RabbitMqRelayStats);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, stats, last: () => stats.at(-1), stderr: () => stderr, exited };
};
