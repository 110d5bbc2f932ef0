import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { runProcessorsAcrossProcesses } from '../../../core/test/processorsAcrossProcesses';
import { expectProcessorsKeptTheirPromises } from '../../../core/test/processorsPromises';
import { getSqliteEventStore } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-processors-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a processor in three processes on one SQLite file while three others bid', () => {
  it('handles every event at least once, none skipped, in order, one owner per partition, through a SIGKILL', async () => {
    const path = join(dir, 'store.db');
    const store = getSqliteEventStore({ path, pollIntervalMs: 20 });
    try {
      const run = await runProcessorsAcrossProcesses({
        label: 'sqlite',
        store,
        childScript: fileURLToPath(new URL('./processesChild.ts', import.meta.url)),
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { GAVEL_SQLITE_PATH: path },
        logDir: dir,
      });
      expectProcessorsKeptTheirPromises(run);
    } finally {
      await store.close();
    }
  }, 60_000);
});
