/** A SQLite file (`@gavel/sqlite`); `':memory:'` for a private in-memory database. */
export interface SqliteStoreLocation {
  readonly kind: 'sqlite';
  readonly path: string;
}

/** A PostgreSQL database (`@gavel/postgres`), and the schema of the store's tables when the URL names one. */
export interface PostgresStoreLocation {
  readonly kind: 'postgres';
  /** The URL as `pg` takes it, without the `schema` parameter. */
  readonly connectionString: string;
  readonly schema?: string;
}

/** An EventStoreDB or KurrentDB server (`@gavel/eventstoredb`). */
export interface EventStoreDBStoreLocation {
  readonly kind: 'esdb';
  /** The URL as the client takes it (`esdb://…`, `kurrentdb://…`, with `+discover` for DNS discovery). */
  readonly connectionString: string;
}

/** Where a store URL points: a SQLite file, a PostgreSQL database or an EventStoreDB (KurrentDB) server. */
export type StoreLocation = SqliteStoreLocation | PostgresStoreLocation | EventStoreDBStoreLocation;

/** A store URL that cannot be used, as data. */
export interface StoreUrlProblem {
  readonly ok: false;
  readonly code: 'INVALID_STORE_URL';
  /** One line naming the URL and the forms it may take. */
  readonly message: string;
}

/** What {@link parseStoreUrl} returns: the location, or the problem (never a throw). */
export type ParsedStoreUrl = { readonly ok: true; readonly location: StoreLocation } | StoreUrlProblem;

const FORMS = 'sqlite:<path>, postgres://…, esdb://… or kurrentdb://…';

const problem = (message: string): StoreUrlProblem => ({ ok: false, code: 'INVALID_STORE_URL', message });

/** A `schema` query parameter names the store's schema; it is taken out of what `pg` sees. */
const postgresLocation = (text: string): StoreLocation => {
  const match = /[?&]schema=([^&#]*)/.exec(text);
  if (match === null) return { kind: 'postgres', connectionString: text };
  const connectionString = text.replace(/([?&])schema=[^&#]*&?/, '$1').replace(/[?&]$/, '');
  return { kind: 'postgres', connectionString, schema: decodeURIComponent(match[1] as string) };
};

const isUrl = (text: string): boolean => {
  try {
    return new URL(text).host.length > 0;
  } catch {
    return false;
  }
};

/**
 * Reads a store URL, without connecting:
 * - `sqlite:<path>` (also `sqlite://<path>`, `sqlite:///abs/path` and `sqlite::memory:`): a SQLite file;
 * - `postgres://…` or `postgresql://…`: a PostgreSQL connection string, passed to `pg` as it is, but
 *   for an optional `schema=<name>` parameter: the schema of the store's tables (default `gavel`);
 * - `esdb://…`, `kurrentdb://…` (or `esdb+discover://…`, `kurrentdb+discover://…`): an EventStoreDB /
 *   KurrentDB connection string, passed to `@gavel/eventstoredb` as it is.
 *
 * @example
 * parseStoreUrl('sqlite:./data/gavel.db'); // { ok: true, location: { kind: 'sqlite', path: './data/gavel.db' } }
 */
export const parseStoreUrl = (url: unknown): ParsedStoreUrl => {
  if (typeof url !== 'string' || url.trim().length === 0)
    return problem(`a store URL is required (${FORMS})`);
  const text = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      let path = text.slice('sqlite:'.length);
      if (path.startsWith('//')) path = path.slice(2);
      if (path.length === 0) return problem(`'${text}' names no SQLite file: use sqlite:<path>`);
      return { ok: true, location: { kind: 'sqlite', path } };
    }
    case 'postgres':
    case 'postgresql':
      return isUrl(text) || /^postgres(ql)?:\/\/\/./i.test(text)
        ? { ok: true, location: postgresLocation(text) }
        : problem(`'${text}' is not a PostgreSQL URL: use postgres://user@host:5432/database`);
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrentdb+discover':
      return /^(esdb|kurrentdb)(\+discover)?:\/\/[^/?#\s]+/i.test(text)
        ? { ok: true, location: { kind: 'esdb', connectionString: text } }
        : problem(
            `'${text}' is not an EventStoreDB URL: use esdb://host:2113?tls=false or kurrentdb://host:2113?tls=false`,
          );
    default:
      return problem(`'${text}' is not a store URL: use ${FORMS}`);
  }
};
