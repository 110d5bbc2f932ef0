/**
 * Takeover time after SIGKILL on PostgreSQL (leases on the database's clock): the shared driver
 * `core/bench/processorTakeover.ts` with its child processes (`takeoverChild.ts`) on a fresh schema,
 * dropped at the end. Run: `pnpm --filter @gavel/postgres bench:takeover` (`BENCH_QUICK=1` for 5 kills;
 * BENCH_KILLS, BENCH_CHILDREN, BENCH_LEASE_MS, BENCH_TRICKLE; `--json <file>` or BENCH_JSON;
 * GAVEL_PG_URL, default the local server).
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { fillWithAuctions } from '../../../core/bench/auctionHistories';
import { runTakeoverBench } from '../../../core/bench/processorTakeover';
import { getPostgresEventStore } from '../src/index';

const url = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `gavel_bench_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const store = getPostgresEventStore({ connectionString: url, schema });
await fillWithAuctions(store, 2_000, 40);

await runTakeoverBench({
  label: 'PostgreSQL on this machine (leases on the database clock)',
  store,
  childScript: fileURLToPath(new URL('./takeoverChild.ts', import.meta.url)),
  cwd: fileURLToPath(new URL('.', import.meta.url)),
  env: { GAVEL_PG_URL: url, GAVEL_PG_SCHEMA: schema },
  close: async () => {
    await store.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  },
});
