/**
 * Processor throughput against a plain subscribe loop on PostgreSQL, with and without a read-model row
 * per event: the shared driver `core/bench/processorThroughput.ts` on a fresh schema (dropped at the
 * end). The plain loop writes its rows on a connection of its own, 100 per transaction; the
 * transactional processor with `transaction.query` in its checkpoint's transaction, one multi-row
 * INSERT per batch. Run: `pnpm --filter @gavel/postgres bench:processors` (`BENCH_QUICK=1` for 20 000
 * events; BENCH_EVENTS, BENCH_STREAMS, BENCH_RUNS, BENCH_WARMUP; `--json <file>` or BENCH_JSON;
 * GAVEL_PG_URL, default the local server).
 */
import pg from 'pg';
import { type BenchRow, runThroughputBench } from '../../../core/bench/processorThroughput';
import { getPostgresEventStore, type PostgresTransaction } from '../src/index';

const url = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `gavel_bench_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const store = getPostgresEventStore({ connectionString: url, schema });
const admin = new pg.Pool({ connectionString: url, max: 2 });

const insertSql = (table: string, count: number): string =>
  `INSERT INTO "${schema}".${table} (position, stream_name, stream_version, type) VALUES ${Array.from(
    { length: count },
    (_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`,
  ).join(', ')}`;
const values = (rows: readonly BenchRow[]): unknown[] =>
  rows.flatMap(([position, streamName, version, type]) => [String(position), streamName, version, type]);

const settings = await admin.query<{ name: string; setting: string }>(
  `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'wal_sync_method') ORDER BY name`,
);

await runThroughputBench<PostgresTransaction>({
  label: `PostgreSQL on this machine (${settings.rows.map((s) => `${s.name}=${s.setting}`).join(', ')}), store pool of 10`,
  store,
  createTable: async (table) => {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await admin.query(
      `CREATE TABLE "${schema}".${table} (position bigint PRIMARY KEY, stream_name text NOT NULL, stream_version integer NOT NULL, type text NOT NULL)`,
    );
  },
  dropTable: async (table) => {
    await admin.query(`DROP TABLE "${schema}".${table}`);
  },
  countRows: async (table) =>
    Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".${table}`)).rows[0]?.n),
  insertInTransaction: async (transaction, table, rows) => {
    await transaction.query(insertSql(table, rows.length), values(rows));
  },
  openRowWriter: async (table) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      write: async (rows) => {
        await client.query('BEGIN');
        try {
          await client.query(insertSql(table, rows.length), values(rows));
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      },
      close: () => client.end(),
    };
  },
  close: async () => {
    await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  },
});
