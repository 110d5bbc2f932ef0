import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreFromUrl } from './openStoreFromUrl';

const dir = mkdtempSync(join(tmpdir(), 'gavel-store-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStoreFromUrl', () => {
  it('opens a SQLite file, creating it by default', async () => {
    const store = await openStoreFromUrl(`sqlite:${join(dir, 'new.db')}`);
    await store.appendToStream('auction-x', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' });
    expect((await store.readStream('auction-x')).currentVersion).toBe(1);
    await store.close();
    const again = await openStoreFromUrl(`sqlite:${join(dir, 'new.db')}`, { mustExist: true });
    expect((await again.readStream('auction-x')).currentVersion).toBe(1);
    await again.close();
  });

  it('refuses a missing SQLite file with mustExist', async () => {
    await expect(
      openStoreFromUrl(`sqlite:${join(dir, 'missing.db')}`, { mustExist: true }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('no SQLite database') });
  });

  it('refuses a directory and a bad URL', async () => {
    await expect(openStoreFromUrl(`sqlite:${dir}`)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(openStoreFromUrl('mysql://x/y')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('opens PostgreSQL lazily; an unreachable server fails on the first call', async () => {
    const store = await openStoreFromUrl('postgres://nobody@127.0.0.1:1/none');
    await expect(store.readStream('auction-x')).rejects.toThrow(/ECONNREFUSED|connect|unavailable/i);
    await store.close();
  });
});
