/** The schema used when none is given. */
export const DEFAULT_SCHEMA = 'gavel';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,39}$/;

/** True for a schema name the store accepts: lower-case letters, digits and `_`, at most 40 characters. */
export const isSchemaName = (value: unknown): value is string =>
  typeof value === 'string' && IDENTIFIER.test(value);

/** The SQL names of one store's objects, quoted, for a validated schema name. */
export interface SqlNames {
  readonly schema: string;
  readonly events: string;
  readonly migrations: string;
  readonly appendFunction: string;
  /** `append_to_streams(jsonb)`: many streams' appends in one transaction. */
  readonly appendManyFunction: string;
  /** Processors: one row each, with its number of partitions. */
  readonly processors: string;
  /** Processors' partitions: lease (owner, expiry, fencing token) and checkpoint. */
  readonly processorPartitions: string;
  /** Processors' members: who is alive, until when. */
  readonly processorMembers: string;
  /** Processors' per-partition state: keys and values written with the checkpoint. */
  readonly processorState: string;
  /** The `LISTEN/NOTIFY` channel (an identifier). */
  readonly channel: string;
  /** The string literal of the schema name. */
  readonly schemaLiteral: string;
}

/** Builds the quoted names of the store's objects in `schema` (already validated by {@link isSchemaName}). */
export const sqlNames = (schema: string): SqlNames => ({
  schema: `"${schema}"`,
  events: `"${schema}"."events"`,
  migrations: `"${schema}"."gavel_migrations"`,
  appendFunction: `"${schema}"."append_to_stream"`,
  appendManyFunction: `"${schema}"."append_to_streams"`,
  processors: `"${schema}"."processors"`,
  processorPartitions: `"${schema}"."processor_partitions"`,
  processorMembers: `"${schema}"."processor_members"`,
  processorState: `"${schema}"."processor_state"`,
  channel: `gavel_events_${schema}`,
  schemaLiteral: `'${schema}'`,
});
