import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TEST_CLIENTS, useTestServer } from './testServer';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const built =
  existsSync(new URL('../dist/index.js', import.meta.url)) &&
  existsSync(new URL('../dist/index.cjs', import.meta.url));

// What a user's backend does: load the published entry points (ESM and CJS) and use them.
const script = (load: string) => `
${load}
const store = getEventStoreDBEventStore({ connectionString: process.env.CONNECTION_STRING });
const stream = 'auction-bundle-' + Math.random().toString(36).slice(2);
const events = [{ type: 'BidPlaced', data: { amount: 1 }, eventId: 'bid:b1' }];
const first = await store.appendToStream(stream, events, { expectedVersion: 0 });
const retry = await store.appendToStream(stream, events, { expectedVersion: 0 });
const conflict = await store.appendToStream(stream, [{ type: 'X', data: {} }], { expectedVersion: 0 }).catch((e) => e.code);
const read = await store.readStream(stream);
await store.close();
console.log(JSON.stringify({ first: first.duplicate, retry: retry.duplicate, conflict, ids: read.events.map((e) => e.eventId) }));
process.exit(0);
`;

describe.skipIf(!built)('the built bundles (run `pnpm --filter @gavel/eventstoredb build` first)', () => {
  const server = useTestServer();
  for (const [format, load] of [
    ['ESM', "const { getEventStoreDBEventStore } = await import('@gavel/eventstoredb');"],
    ['CJS', "const { getEventStoreDBEventStore } = require('@gavel/eventstoredb');"],
  ] as const)
    for (const client of TEST_CLIENTS) {
      it(`${format} through ${client.name}: loads the client, appends, dedupes a retry, conflicts and reads`, async () => {
        const code = format === 'ESM' ? script(load) : `(async () => {${script(load)}})();`;
        const { stdout } = await run(
          process.execPath,
          [...(format === 'ESM' ? ['--input-type=module'] : []), '-e', code],
          {
            cwd: packageRoot,
            env: { ...process.env, CONNECTION_STRING: client.connectionString(server.connectionString()) },
          },
        );
        expect(JSON.parse(stdout)).toEqual({
          first: false,
          retry: true,
          conflict: 'VERSION_CONFLICT',
          ids: ['bid:b1'],
        });
      });
    }
});
