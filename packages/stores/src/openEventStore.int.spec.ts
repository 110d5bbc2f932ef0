import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventStore } from './openEventStore';
import { isStoreUrlError, StoreUrlError } from './storeUrlError';

const dir = mkdtempSync(join(tmpdir(), 'gavel-store-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openEventStore', () => {
  it('opens a SQLite file, creating it by default', async () => {
    const store = await openEventStore(`sqlite:${join(dir, 'new.db')}`);
    await store.appendToStream('auction-x', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' });
    expect((await store.readStream('auction-x')).currentVersion).toBe(1);
    await store.close();
    const again = await openEventStore(`sqlite:${join(dir, 'new.db')}`, { mustExist: true });
    expect((await again.readStream('auction-x')).currentVersion).toBe(1);
    await again.close();
  });

  it('refuses a missing SQLite file with mustExist', async () => {
    await expect(
      openEventStore(`sqlite:${join(dir, 'missing.db')}`, { mustExist: true }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('no SQLite database') });
  });

  it('refuses a directory and a bad URL', async () => {
    await expect(openEventStore(`sqlite:${dir}`)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const refused = await openEventStore('mysql://x/y').then(
      () => null,
      (error: unknown) => error,
    );
    expect(isStoreUrlError(refused)).toBe(true);
    expect(refused).toBeInstanceOf(StoreUrlError);
    expect(refused).toMatchObject({
      code: 'INVALID_STORE_URL',
      message: expect.stringMatching(/not a store URL/),
    });
  });

  it("opens a location already read, typed as its adapter's store", async () => {
    const store = await openEventStore({ kind: 'sqlite', path: join(dir, 'typed.db') });
    await store.appendToStream('auction-y', [{ type: 'T', data: {} }], { expectedVersion: 'no_stream' });
    // The SQLite store's own processor store: read models run in its transactions.
    expect(await store.processors.read(async () => 'read')).toBe('read');
    await store.close();
  });

  it('opens PostgreSQL lazily; an unreachable server fails on the first call', async () => {
    const store = await openEventStore('postgres://nobody@127.0.0.1:1/none');
    await expect(store.readStream('auction-x')).rejects.toThrow(/ECONNREFUSED|connect|unavailable/i);
    await store.close();
  });
});
