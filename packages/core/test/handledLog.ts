import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/**
 * Test-only: the log a processor process keeps of what it handled (see `processesChild.ts`), one JSON
 * object a line, appended synchronously so that a process killed with SIGKILL loses none of it. Times
 * are {@link wallClock} ms, comparable across the processes of one machine.
 */

/** One handled event: stream name, stream version, global position (as text). */
export type HandledEvent = readonly [streamName: string, streamVersion: number, globalPosition: string];

/** A line of the log. */
export type HandledLogLine =
  /** The process started: its pid. */
  | { readonly t: 'hello'; readonly pid: number; readonly at: number }
  /** `start()` resolved. */
  | { readonly t: 'started'; readonly at: number }
  /** The process took partition `p` (`onAssigned`, before its first batch). */
  | { readonly t: 'assigned'; readonly p: number; readonly at: number }
  /** The process no longer owns partition `p` (`onRevoked`). */
  | { readonly t: 'revoked'; readonly p: number; readonly at: number }
  /** The handler got batch `b` of partition `p`. */
  | {
      readonly t: 'start';
      readonly b: number;
      readonly p: number;
      readonly at: number;
      readonly events: readonly HandledEvent[];
    }
  /** The handler of batch `b` is about to resolve. */
  | { readonly t: 'end'; readonly b: number; readonly at: number }
  /** The store's answer to `acquire` of partition `p`, sent `at`: its token and expiry, or null (not taken). */
  | {
      readonly t: 'acquire';
      readonly p: number;
      readonly at: number;
      readonly answeredAt: number;
      readonly token: number | null;
      readonly expiresAt: number | null;
    }
  /** The store's answer to a heartbeat sent `at`: its clock, and the leases it says this process holds. */
  | {
      readonly t: 'beat';
      readonly at: number;
      readonly answeredAt: number;
      readonly now: number;
      readonly held: readonly (readonly [partition: number, token: number, expiresAt: number])[];
    }
  /** The process asked to release partitions `ps`. */
  | { readonly t: 'release'; readonly ps: readonly number[]; readonly at: number }
  /** A checkpoint commit of partition `p` under `token`, sent `at`, and whether the store took it. */
  | {
      readonly t: 'commit';
      readonly p: number;
      readonly token: number;
      readonly position: string;
      readonly at: number;
      readonly answeredAt: number;
      readonly saved: boolean;
    }
  /** A failure the processor reported (`onError`). */
  | { readonly t: 'error'; readonly code: string; readonly message: string; readonly at: number }
  /** `stop()` resolved. */
  | { readonly t: 'stopped'; readonly at: number };

/**
 * Wall-clock ms with sub-ms resolution that never jumps within a process: `performance.timeOrigin +
 * performance.now()`, comparable across the processes of one machine.
 */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/** Appends one line to the log at `path`, synchronously (it is on disk before the call returns). */
export const appendLogLine = (path: string, line: HandledLogLine): void => {
  appendFileSync(path, `${JSON.stringify(line)}\n`);
};

/** Reads a log; a last line cut short (the process died while writing it) is left out. */
export const readHandledLog = (path: string): HandledLogLine[] => {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const parsed: HandledLogLine[] = [];
  for (const [n, line] of lines.entries()) {
    if (line === '') continue;
    try {
      parsed.push(JSON.parse(line) as HandledLogLine);
    } catch (error) {
      if (n < lines.length - 1) throw error;
    }
  }
  return parsed;
};
