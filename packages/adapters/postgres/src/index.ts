// The public surface of @gavel/postgres, by name. A change here is a change of the public API: the API
// report (api/postgres.api.md) must change with it.
export {
  getPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from './getPostgresEventStore';
export type { AppendStats, GroupCommitOptions } from './groupAppend';
export type { PostgresProcessorStore } from './processors/postgresProcessorStore';
export type { PostgresTransaction } from './processors/postgresTransaction';
export { DEFAULT_SCHEMA } from './schema/sqlNames';
