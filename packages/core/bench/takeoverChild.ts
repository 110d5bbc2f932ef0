/**
 * Bench-only, in a child process of the takeover benchmark (`processorTakeover.ts`): runs one processor
 * (a no-op handler) on a store the adapter's tiny child script opens, and prints on stdout, with
 * {@link wallClock} times:
 * - `partitions <t> <p,q,…>` each time the set of partitions it owns changes (from `onAssigned` and
 *   `onRevoked`; an empty list when it owns none);
 * - `started <t>` once `start()` resolved;
 * - `stopped <t>` once `stop()` resolved, after `stop` came on stdin.
 * The processor's settings come as JSON in `argv[2]` ({@link TakeoverChildSettings}).
 */
import { createInterface } from 'node:readline';
import { createProcessor, type EventStore } from '../src/index';
import { wallClock } from './benchRuns';

/** What every child of one benchmark runs with. */
export interface TakeoverChildSettings {
  readonly name: string;
  readonly partitions: number;
  readonly leaseMs: number;
}

/** Runs the child on the store `open` gives, until `stop` comes on stdin (or stdin closes). */
export const runTakeoverChild = async (open: () => EventStore): Promise<void> => {
  const settings = JSON.parse(process.argv[2] as string) as TakeoverChildSettings;
  const store = open();
  const owned = new Set<number>();
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const report = (): void => say(`partitions ${wallClock()} ${[...owned].sort((a, b) => a - b).join(',')}`);
  const processor = createProcessor({
    store,
    name: settings.name,
    partitions: settings.partitions,
    leaseMs: settings.leaseMs,
    onAssigned: (partition) => {
      owned.add(partition);
      report();
    },
    onRevoked: (partition) => {
      owned.delete(partition);
      report();
    },
    onError: (error) => process.stderr.write(`${error.code}: ${error.message}\n`),
    handle: () => {},
  });
  await processor.start();
  say(`started ${wallClock()}`);
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'stop') break;
  await processor.stop();
  say(`stopped ${wallClock()}`);
  await store.close();
};
