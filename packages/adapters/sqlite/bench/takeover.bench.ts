/**
 * Takeover time after SIGKILL on a SQLite file: the shared driver `core/bench/processorTakeover.ts`
 * with its child processes (`takeoverChild.ts`) on a fresh file in a temporary folder. Run:
 * `pnpm --filter @gavel/sqlite bench:takeover` (`BENCH_QUICK=1` for 5 kills; BENCH_KILLS, BENCH_CHILDREN,
 * BENCH_LEASE_MS, BENCH_TRICKLE; `--json <file>` or BENCH_JSON).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillWithAuctions } from '../../../core/bench/auctionHistories';
import { runTakeoverBench } from '../../../core/bench/processorTakeover';
import { getSqliteEventStore } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-takeover-bench-'));
const path = join(dir, 'store.db');
const store = getSqliteEventStore({ path });
await fillWithAuctions(store, 2_000, 40);

await runTakeoverBench({
  label: `SQLite file (WAL, synchronous=FULL) in ${tmpdir()}`,
  store,
  childScript: fileURLToPath(new URL('./takeoverChild.ts', import.meta.url)),
  cwd: fileURLToPath(new URL('.', import.meta.url)),
  env: { GAVEL_SQLITE_PATH: path },
  close: async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  },
});
