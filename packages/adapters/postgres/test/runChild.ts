import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pgUrl } from './pgTestEnv';

/** One answer a bidder process printed. */
export interface Answer {
  readonly bidId: string;
  readonly ok: boolean;
  readonly code: string | null;
}

/** A running bidder process and what it printed so far. */
export interface BidderProcess {
  readonly child: ChildProcess;
  readonly answers: Answer[];
  readonly stats: Record<string, number>[];
  /** Resolves once the process printed `{"ready":true}` (with WAIT_FOR_GO=1). */
  readonly ready: Promise<void>;
  /** Tells a waiting process to start. */
  readonly go: () => void;
  /** Resolves with the exit code or signal once the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Starts `children/bidder.ts` under tsx, with core resolved from source. */
export const startBidder = (env: Record<string, string>): BidderProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', here('./children/bidder.ts')], {
    cwd: here('..'),
    env: { ...process.env, GAVEL_PG_URL: pgUrl, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const answers: Answer[] = [];
  const stats: Record<string, number>[] = [];
  let markReady = (): void => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let buffer = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = JSON.parse(line) as Answer | { stats: Record<string, number> } | { ready: true };
      if ('ready' in parsed) markReady();
      else if ('stats' in parsed) stats.push(parsed.stats);
      else answers.push(parsed);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      child.on('close', (code, signal) => {
        resolve({ code, signal, stderr });
      });
    },
  );
  const go = (): void => {
    child.stdin?.end('go\n');
  };
  return { child, answers, stats, ready, go, exited };
};
