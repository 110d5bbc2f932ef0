/**
 * A child process with a SQLite store on a file, driven by the test through stdin: one JSON command a
 * line, one JSON answer a line on stdout (bigints as strings; a failure as `{ "error": code }`).
 * Commands: `{ op: 'register' | 'acquire' | 'commit' | 'heartbeat', ...request }` call
 * `store.processors` with the request; `{ op: 'race', processor, owner, partitions }` tries to acquire
 * every partition, one at a time in a random order, and answers the ones it won; `{ op: 'transact', key, ...commit }` runs a
 * transaction whose work inserts `key` into `child_rows`. It prints `ready` once the store is open.
 * Usage: node --import tsx processorChild.ts <path>
 */
import { createInterface } from 'node:readline';
import { getSqliteEventStore } from '../src/index';

const [path] = process.argv.slice(2) as [string];
const store = getSqliteEventStore({ path });
const { processors } = store;
const LONG = 60_000;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

type Command = Record<string, unknown> & { readonly op: string };

const revive = (request: Record<string, unknown>) => ({
  ...request,
  ...(typeof request.position === 'string' ? { position: BigInt(request.position) } : {}),
  ...(typeof request.initialCheckpoint === 'string'
    ? { initialCheckpoint: BigInt(request.initialCheckpoint) }
    : {}),
});

const run = async ({ op, ...request }: Command): Promise<unknown> => {
  const args = revive(request) as never;
  switch (op) {
    case 'register':
      return processors.register(args);
    case 'acquire':
      return processors.acquire(args);
    case 'commit':
      return processors.commit(args);
    case 'heartbeat':
      return processors.heartbeat(args);
    case 'race': {
      const { processor, owner, partitions, startAt } = request as {
        processor: string;
        owner: string;
        partitions: number;
        startAt?: number;
      };
      // One at a time, in an order of its own, all racers starting at one moment (`startAt`, epoch ms)
      // and pausing a millisecond between tries, so that the processes' transactions interleave even
      // when one process is scheduled well before the others.
      const order = Array.from({ length: partitions }, (_, partition) => partition).sort(
        () => Math.random() - 0.5,
      );
      if (startAt !== undefined) await pause(startAt - Date.now());
      const won: number[] = [];
      for (const partition of order) {
        if ((await processors.acquire({ processor, owner, partition, leaseMs: LONG })) !== null)
          won.push(partition);
        await pause(1);
      }
      return won;
    }
    case 'transact': {
      const { key, ...commit } = args as { key: string } & Parameters<typeof processors.commit>[0];
      return processors.transact(commit, async (tx) => {
        tx.run('CREATE TABLE IF NOT EXISTS child_rows (key TEXT NOT NULL)');
        tx.run('INSERT INTO child_rows VALUES (?)', [key]);
      });
    }
    default:
      throw new Error(`unknown op ${op}`);
  }
};

const answer = (value: unknown): void => {
  process.stdout.write(
    `${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? String(v) : v)) ?? 'null'}\n`,
  );
};

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command;
  if (command.op === 'exit') break;
  try {
    answer(await run(command));
  } catch (error) {
    answer({ error: (error as { code?: unknown }).code ?? String(error) });
  }
}
await store.close();
