import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Appends, closes, reopens and reads through the package's public name, as a user's backend would; and
 * runs a processor transaction, and a malformed processor call (refused with core's own error class).
 */
const script = (load: string, loadCore: string, path: string): string => `
  (async () => {
    const { getSqliteEventStore } = ${load};
    const { EventStoreError } = ${loadCore};
    const first = getSqliteEventStore({ path: ${JSON.stringify(path)} });
    await first.appendToStream('auction-smoke', [{ type: 'Smoke', data: { ok: true } }], { expectedVersion: 'no_stream' });
    await first.close();
    const second = getSqliteEventStore({ path: ${JSON.stringify(path)} });
    const read = await second.readStream('auction-smoke');
    const { processors } = second;
    await processors.register({ processor: 'smoke', partitions: 1, initialCheckpoint: 0n });
    const lease = await processors.acquire({ processor: 'smoke', owner: 'me', partition: 0, leaseMs: 10000 });
    const committed = await processors.transact({ processor: 'smoke', partition: 0, token: lease.token, position: 1n }, async (tx) => {
      tx.run('CREATE TABLE smoke (n INTEGER)');
      tx.run('INSERT INTO smoke VALUES (?)', [1]);
    });
    const refused = await processors.register({ processor: 'not a name', partitions: 1, initialCheckpoint: 0n }).catch((e) => e);
    await second.close();
    process.stdout.write(JSON.stringify({
      version: read.currentVersion, data: read.events[0].data, position: typeof read.events[0].globalPosition,
      committed, refused: [refused instanceof EventStoreError, refused.code],
    }));
  })();
`;

describe('the built bundles (run `pnpm build` first)', () => {
  it.each([
    [
      'ESM',
      'dist/index.js',
      ['--input-type=module', '-e'],
      "await import('@gavel/sqlite')",
      "await import('@gavel/core')",
    ],
    ['CJS', 'dist/index.cjs', ['-e'], "require('@gavel/sqlite')", "require('@gavel/core')"],
  ])(
    '%s: opens a file store, appends and reads back, runs a processor transaction',
    (name, bundle, flags, load, loadCore) => {
      expect(existsSync(join(packageDir, bundle)), `${bundle} is missing: run pnpm build`).toBe(true);
      const output = execFileSync(
        process.execPath,
        [...flags, script(load, loadCore, join(dir, `${name}.db`))],
        {
          cwd: packageDir,
          encoding: 'utf8',
        },
      );
      expect(JSON.parse(output)).toEqual({
        version: 1,
        data: { ok: true },
        position: 'bigint',
        committed: true,
        refused: [true, 'INVALID_ARGUMENT'],
      });
    },
  );
});
