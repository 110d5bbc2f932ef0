// The public surface of @gavel/sqlite, by name. A change here is a change of the public API: the API
// report (api/sqlite.api.md) must change with it.
export type { SynchronousMode } from './database';
export {
  getSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
} from './getSqliteEventStore';
export type { SqliteProcessorStore } from './processors/sqliteProcessorStore';
export type { SqliteParameters, SqliteRunResult, SqliteTransaction } from './processors/sqliteTransaction';
export { SchemaTooNewError } from './schemaTooNewError';
