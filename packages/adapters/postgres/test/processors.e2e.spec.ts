import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runProcessorsAcrossProcesses } from '../../../core/test/processorsAcrossProcesses';
import { expectProcessorsKeptTheirPromises } from '../../../core/test/processorsPromises';
import { assertPostgresReachable, pgUrl } from './pgTestEnv';
import { useTestSchema } from './testSchema';

const dir = mkdtempSync(join(tmpdir(), 'gavel-postgres-processors-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(assertPostgresReachable);
const { schema, open } = useTestSchema('gavel_processors');

describe('a processor in three processes on one PostgreSQL schema while three others bid', () => {
  it('handles every event at least once, none skipped, in order, one owner per partition, through a SIGKILL', async () => {
    const run = await runProcessorsAcrossProcesses({
      label: 'postgres',
      store: open({ pollIntervalMs: 20 }),
      childScript: fileURLToPath(new URL('./children/processes.ts', import.meta.url)),
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { GAVEL_PG_URL: pgUrl, SCHEMA: schema },
      logDir: dir,
    });
    expectProcessorsKeptTheirPromises(run);
  }, 60_000);
});
