/**
 * The SQLite side of the processors-across-processes test (`core/test/processorsAcrossProcesses.ts`): a
 * processor or a bidder, by the role in argv[2], on the store at `GAVEL_SQLITE_PATH`.
 * Usage: node --import tsx processesChild.ts '<role as JSON>'
 */
import { runProcessesChild } from '../../../core/test/processesChild';
import { getSqliteEventStore } from '../src/index';

await runProcessesChild(() =>
  getSqliteEventStore({ path: process.env.GAVEL_SQLITE_PATH as string, pollIntervalMs: 20 }),
);
