/**
 * A child process of the two-process test: appends one event at a time at expectedVersion v, starting at
 * 0, until the stream holds `rounds` events. It prints `ok <v> <eventId>` and goes on at v + 1, or
 * `conflict <v> <actual>` and goes on at the actual version it was told.
 * It opens the store, prints `ready` and waits for `go` on stdin, so that both children start together.
 * Usage: node --import tsx raceChild.ts <path> <stream> <rounds> <name>
 */
import { getSqliteEventStore } from '../src/index';
import { readyThenGo } from './readyThenGo';

const [path, stream, roundsText, name] = process.argv.slice(2) as [string, string, string, string];
const store = getSqliteEventStore({ path });
await readyThenGo();
const lines: string[] = [];
let version = 0;
while (version < Number(roundsText)) {
  const eventId = `${name}-${version}`;
  try {
    await store.appendToStream(stream, [{ type: 'Raced', data: { name, version }, eventId }], {
      expectedVersion: version,
    });
    lines.push(`ok ${version} ${eventId}`);
    version++;
  } catch (error) {
    const { code, actual } = error as { code?: string; actual?: number };
    if (code !== 'VERSION_CONFLICT' || actual === undefined || actual <= version) throw error;
    lines.push(`conflict ${version} ${actual}`);
    version = actual;
  }
}
await store.close();
process.stdout.write(`${lines.join('\n')}\n`);
