/**
 * Processor throughput against a plain subscribe loop on a SQLite file (WAL, synchronous=FULL), with
 * and without a read-model row per event: the shared driver `core/bench/processorThroughput.ts` on a
 * fresh file in a temporary folder. The plain loop writes its rows on a second connection to the file,
 * 100 per transaction; the transactional processor with `transaction.run` in its checkpoint's
 * transaction. Run: `pnpm --filter @gavel/sqlite bench:processors` (`BENCH_QUICK=1` for 20 000 events;
 * BENCH_EVENTS, BENCH_STREAMS, BENCH_RUNS, BENCH_WARMUP; `--json <file>` or BENCH_JSON).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, runThroughputBench } from '../../../core/bench/processorThroughput';
import { openDatabase } from '../src/database';
import { getSqliteEventStore, type SqliteTransaction } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-processors-bench-'));
const path = join(dir, 'store.db');
const store = getSqliteEventStore({ path });

const insertSql = (table: string, count: number): string =>
  `INSERT INTO ${table} (position, stream_name, stream_version, type) VALUES ${Array.from({ length: count }, () => '(?, ?, ?, ?)').join(', ')}`;
const values = (rows: readonly BenchRow[]): unknown[] => rows.flat();

await runThroughputBench<SqliteTransaction>({
  label: `SQLite file (WAL, synchronous=FULL) in ${tmpdir()}`,
  store,
  createTable: (table) =>
    store.processors.read(async (db) => {
      db.run(
        `CREATE TABLE ${table} (position INTEGER PRIMARY KEY, stream_name TEXT NOT NULL, stream_version INTEGER NOT NULL, type TEXT NOT NULL)`,
      );
    }),
  dropTable: (table) =>
    store.processors.read(async (db) => {
      db.run(`DROP TABLE ${table}`);
    }),
  countRows: (table) =>
    store.processors.read(async (db) => db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)?.n ?? 0),
  insertInTransaction: async (transaction, table, rows) => {
    transaction.run(insertSql(table, rows.length), values(rows));
  },
  openRowWriter: async (table) => {
    // A connection of its own, as a loop writing a read model would have.
    const db = openDatabase({ path, synchronous: 'full', busyTimeoutMs: 5_000 });
    // Statements kept by row count, as the processor's transaction keeps its own.
    const inserts = new Map<number, ReturnType<typeof db.prepare>>();
    const insert = (count: number) => {
      const known = inserts.get(count);
      if (known !== undefined) return known;
      const prepared = db.prepare(insertSql(table, count));
      inserts.set(count, prepared);
      return prepared;
    };
    return {
      write: async (rows) => {
        db.exec('BEGIN IMMEDIATE');
        try {
          insert(rows.length).run(values(rows));
          db.exec('COMMIT');
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      },
      close: async () => {
        db.close();
      },
    };
  },
  close: async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  },
});
