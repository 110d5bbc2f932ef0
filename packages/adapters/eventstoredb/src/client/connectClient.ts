import { EventStoreError, InvalidOptionsError } from '@gavel/core';
import { ClientPackageMissingError, type ClientPackageName } from './clientPackageMissingError';
import type { EventStoreDBClientLike } from './eventStoreDBClientLike';

/** A client class's `connectionString` factory, as both packages export it. */
export type ConnectionStringFactory = (connectionString: string) => EventStoreDBClientLike;

/** Loads one client package (rejects with the loader's `MODULE_NOT_FOUND` error when it is missing). */
export type LoadClientPackage = (name: ClientPackageName) => Promise<ConnectionStringFactory>;

const SCHEME = /^(esdb|kurrentdb)(\+discover)?:\/\//i;

/** Module-resolution codes of a package that is not installed (ESM `import()`, CJS `require`). */
const NOT_FOUND: ReadonlySet<unknown> = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Loads a client package on first use (so that either one alone is enough, from the ESM and the CJS
 * build alike): `@eventstore/db-client`'s `EventStoreDBClient` or `@kurrent/kurrentdb-client`'s
 * `KurrentDBClient`.
 */
export const loadClientPackage: LoadClientPackage = async (name) => {
  if (name === '@eventstore/db-client') {
    const { EventStoreDBClient } = await import('@eventstore/db-client');
    return (connectionString) => EventStoreDBClient.connectionString(connectionString);
  }
  const { KurrentDBClient } = await import('@kurrent/kurrentdb-client');
  return (connectionString) => KurrentDBClient.connectionString(connectionString);
};

/**
 * The client packages that can serve a connection string, in the order they are tried: `esdb://` and
 * `esdb+discover://` either client (`@eventstore/db-client` first when both are installed), `kurrentdb://`
 * and `kurrentdb+discover://` only `@kurrent/kurrentdb-client`. Throws an `InvalidOptionsError` for any
 * other string.
 */
export const clientPackagesFor = (connectionString: unknown): readonly ClientPackageName[] => {
  const scheme = typeof connectionString === 'string' ? SCHEME.exec(connectionString) : null;
  if (scheme === null)
    throw new InvalidOptionsError(
      'connectionString',
      'options.connectionString must start with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://',
    );
  return scheme[1]?.toLowerCase() === 'esdb'
    ? ['@eventstore/db-client', '@kurrent/kurrentdb-client']
    : ['@kurrent/kurrentdb-client'];
};

/**
 * Creates a client for a connection string with the first of its {@link clientPackagesFor} that is
 * installed. `esdb…://` strings given to `@kurrent/kurrentdb-client` are passed as `kurrentdb…://`, the
 * same settings under the scheme it does not call deprecated. Rejects with a
 * {@link ClientPackageMissingError} when none is installed, `INVALID_ARGUMENT` when the client refuses
 * the string.
 */
export const connectClient = async (
  connectionString: string,
  load: LoadClientPackage = loadClientPackage,
): Promise<EventStoreDBClientLike> => {
  const candidates = clientPackagesFor(connectionString);
  const scheme = connectionString.slice(0, connectionString.indexOf(':')).toLowerCase();
  let missing: unknown;
  for (const name of candidates) {
    let connect: ConnectionStringFactory;
    try {
      connect = await load(name);
    } catch (error) {
      if (!NOT_FOUND.has((error as { code?: unknown } | null)?.code)) throw error;
      missing ??= error;
      continue;
    }
    const given =
      name === '@kurrent/kurrentdb-client'
        ? connectionString.replace(/^esdb/i, 'kurrentdb')
        : connectionString;
    try {
      return connect(given);
    } catch (error) {
      throw new EventStoreError(
        'INVALID_ARGUMENT',
        `options.connectionString is not a valid ${scheme}:// connection string`,
        { cause: error },
      );
    }
  }
  throw new ClientPackageMissingError(candidates.at(-1) ?? '@kurrent/kurrentdb-client', scheme, missing);
};
