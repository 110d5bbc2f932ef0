/** Test-only: a relay child process (`children/relayChild.ts`) and what it reports. */
import { fileURLToPath } from 'node:url';
import { type LineProcess, startLineProcess } from '../../../core/test/childProcessLines';

/** The fields of a relay's stats line that the tests read. */
export interface RelayStatsLine {
  readonly t: number;
  readonly partitionsOwned: number[];
  readonly published: number;
  readonly duplicates: number;
  readonly alreadyStored: number;
  readonly caughtUp: boolean;
  readonly pending: number;
  readonly lastRelayError?: { readonly code: string; readonly message: string };
}

export interface RelayProcess {
  readonly process: LineProcess;
  /** Every stats line it printed so far. */
  statsLines(): RelayStatsLine[];
  /** Resolves with the first stats line (printed already or to come) that passes `test`. */
  waitForStats(
    test: (stats: RelayStatsLine) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<RelayStatsLine>;
  kill(): Promise<void>;
  /** SIGTERM: resolves with its exit code. */
  stop(): Promise<number | null>;
}

const child = fileURLToPath(new URL('./children/relayChild.ts', import.meta.url));

export const startRelayProcess = (env: Readonly<Record<string, string>>): RelayProcess => {
  const process = startLineProcess(child, [], { cwd: fileURLToPath(new URL('..', import.meta.url)), env });
  const statsLines = (): RelayStatsLine[] =>
    process.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as RelayStatsLine);
  return {
    process,
    statsLines,
    waitForStats: async (test, timeoutMs, what) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = statsLines().find(test);
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          const last = statsLines().at(-1);
          throw new Error(
            `relay ${process.child.pid}: no stats with ${what} in ${timeoutMs} ms; last: ${JSON.stringify(last)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    kill: async () => {
      process.child.kill('SIGKILL');
      await process.exited;
    },
    stop: async () => {
      process.child.kill('SIGTERM');
      return (await process.exited).code;
    },
  };
};
