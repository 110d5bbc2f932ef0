import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Appends, closes, reopens and reads through the package's public name, as a user's backend would. */
const script = (load: string, path: string): string => `
  (async () => {
    const { getSqliteEventStore } = ${load};
    const first = getSqliteEventStore({ path: ${JSON.stringify(path)} });
    await first.appendToStream('auction-smoke', [{ type: 'Smoke', data: { ok: true } }], { expectedVersion: 'no_stream' });
    await first.close();
    const second = getSqliteEventStore({ path: ${JSON.stringify(path)} });
    const read = await second.readStream('auction-smoke');
    await second.close();
    process.stdout.write(JSON.stringify({ version: read.currentVersion, data: read.events[0].data, position: typeof read.events[0].globalPosition }));
  })();
`;

describe('the built bundles (run `pnpm build` first)', () => {
  it.each([
    ['ESM', 'dist/index.js', ['--input-type=module', '-e'], "await import('@gavel/sqlite')"],
    ['CJS', 'dist/index.cjs', ['-e'], "require('@gavel/sqlite')"],
  ])('%s: opens a file store, appends and reads back', (name, bundle, flags, load) => {
    expect(existsSync(join(packageDir, bundle)), `${bundle} is missing: run pnpm build`).toBe(true);
    const output = execFileSync(process.execPath, [...flags, script(load, join(dir, `${name}.db`))], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({ version: 1, data: { ok: true }, position: 'bigint' });
  });
});
