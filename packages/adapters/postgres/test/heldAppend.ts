import pg from 'pg';
import { pgUrl } from './pgTestEnv';

/** An append whose transaction stays open: its positions are taken, its commit is up to the test. */
export interface HeldAppend {
  /** The global position it took. */
  readonly position: bigint;
  readonly commit: () => Promise<void>;
  readonly rollback: () => Promise<void>;
}

const tag = (): string => globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);

/**
 * Appends one event (`data: { n }`) to `stream` of the store in `schema` on a connection of its own:
 * `BEGIN`, then `append_to_stream` (positions assigned), no `COMMIT` yet. A transaction in flight below
 * later commits: what the safe horizon exists for.
 */
export const holdAppend = async (schema: string, stream: string, n: number): Promise<HeldAppend> => {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query('BEGIN');
  const result = await client.query<{ last_position: string }>(
    `SELECT last_position::text FROM "${schema}".append_to_stream($1, NULL, $2::jsonb)`,
    [stream, JSON.stringify([{ eventId: tag(), type: 'Tested', data: { n }, metadata: null }])],
  );
  const position = BigInt(result.rows[0]?.last_position as string);
  const finish = async (how: 'COMMIT' | 'ROLLBACK') => {
    await client.query(how);
    await client.end();
  };
  return { position, commit: () => finish('COMMIT'), rollback: () => finish('ROLLBACK') };
};
