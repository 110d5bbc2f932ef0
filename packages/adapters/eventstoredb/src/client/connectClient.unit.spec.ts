import { describe, expect, it } from 'vitest';
import { ClientPackageMissingError, type ClientPackageName } from './clientPackageMissingError';
import { clientPackagesFor, connectClient, type LoadClientPackage } from './connectClient';
import type { EventStoreDBClientLike } from './eventStoreDBClientLike';

/** A loader with only `installed`, recording what it was asked for and the strings clients got. */
const fakeLoader = (installed: readonly ClientPackageName[]) => {
  const asked: ClientPackageName[] = [];
  const connected: Array<[ClientPackageName, string]> = [];
  const load: LoadClientPackage = async (name) => {
    asked.push(name);
    if (!installed.includes(name))
      throw Object.assign(new Error(`Cannot find module '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    return (connectionString) => {
      connected.push([name, connectionString]);
      return {} as EventStoreDBClientLike;
    };
  };
  return { load, asked, connected };
};

describe('connectClient: the client package a connection string uses', () => {
  it('uses @eventstore/db-client for esdb:// when both are installed, as before', async () => {
    const loader = fakeLoader(['@eventstore/db-client', '@kurrent/kurrentdb-client']);
    await connectClient('esdb://localhost:2113?tls=false', loader.load);
    await connectClient('esdb+discover://cluster.example:2113', loader.load);
    expect(loader.connected).toEqual([
      ['@eventstore/db-client', 'esdb://localhost:2113?tls=false'],
      ['@eventstore/db-client', 'esdb+discover://cluster.example:2113'],
    ]);
  });

  it('falls back to @kurrent/kurrentdb-client for esdb:// when only it is installed, under its scheme', async () => {
    const loader = fakeLoader(['@kurrent/kurrentdb-client']);
    await connectClient('esdb+discover://cluster.example:2113?tls=false', loader.load);
    expect(loader.asked).toEqual(['@eventstore/db-client', '@kurrent/kurrentdb-client']);
    expect(loader.connected).toEqual([
      ['@kurrent/kurrentdb-client', 'kurrentdb+discover://cluster.example:2113?tls=false'],
    ]);
  });

  it('uses only @kurrent/kurrentdb-client for kurrentdb:// and kurrentdb+discover://', async () => {
    const loader = fakeLoader(['@eventstore/db-client', '@kurrent/kurrentdb-client']);
    await connectClient('kurrentdb://localhost:2113?tls=false', loader.load);
    await connectClient('KurrentDB+Discover://cluster.example:2113', loader.load);
    expect(loader.asked).toEqual(['@kurrent/kurrentdb-client', '@kurrent/kurrentdb-client']);
    expect(loader.connected.map(([name]) => name)).toEqual([
      '@kurrent/kurrentdb-client',
      '@kurrent/kurrentdb-client',
    ]);
  });

  it('names the package to install when it is missing', async () => {
    const onlyOld = fakeLoader(['@eventstore/db-client']);
    const missing = connectClient('kurrentdb://localhost:2113', onlyOld.load);
    await expect(missing).rejects.toBeInstanceOf(ClientPackageMissingError);
    await expect(missing).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      packageName: '@kurrent/kurrentdb-client',
      message: expect.stringContaining('@kurrent/kurrentdb-client'),
    });
    const none = fakeLoader([]);
    await expect(connectClient('esdb://localhost:2113', none.load)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      packageName: '@kurrent/kurrentdb-client',
      message: expect.stringContaining('@eventstore/db-client'),
    });
  });

  it('passes on a loader failure other than a missing package', async () => {
    const broken = new Error('native addon failed');
    await expect(
      connectClient('kurrentdb://localhost:2113', async () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
  });

  it('refuses any other scheme (InvalidOptionsError) and a string the client refuses (INVALID_ARGUMENT)', async () => {
    for (const connectionString of ['postgres://localhost/db', 'kdb://localhost:2113', '', 42])
      expect(() => clientPackagesFor(connectionString)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'connectionString' }),
      );
    const refusing: LoadClientPackage = async () => () => {
      throw new Error('Unexpected character');
    };
    await expect(connectClient('esdb://', refusing)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
