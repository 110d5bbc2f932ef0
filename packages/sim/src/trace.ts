import { createHash } from 'node:crypto';

/** What a run did, line by line, hashed as it goes; the last lines are kept to show with a failure. */
export interface Trace {
  /** Adds a line (no time: the caller puts the simulated time in it). */
  add(line: string): void;
  /** The hash of every line so far (16 hex digits of SHA-256). */
  hash(): string;
  /** How many lines so far. */
  length(): number;
  /** The last lines added (at most `keep`). */
  tail(): readonly string[];
}

/** Creates an empty trace keeping its last `keep` lines. */
export const createTrace = (keep = 40): Trace => {
  const digest = createHash('sha256');
  const last: string[] = [];
  let count = 0;
  return {
    add: (line) => {
      digest.update(line);
      digest.update('\n');
      count++;
      last.push(line);
      if (last.length > keep) last.shift();
    },
    hash: () => digest.copy().digest('hex').slice(0, 16),
    length: () => count,
    tail: () => [...last],
  };
};
