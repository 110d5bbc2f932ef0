/**
 * The PostgreSQL side of the processors-across-processes test (`core/test/processorsAcrossProcesses.ts`):
 * a processor or a bidder, by the role in argv[2], on the store in schema `SCHEMA` of `GAVEL_PG_URL`.
 * Run from the package folder (its tsconfig maps `@gavel/core` to source).
 * Usage: node --import tsx processes.ts '<role as JSON>'
 */
import { runProcessesChild } from '../../../../core/test/processesChild';
import { getPostgresEventStore } from '../../src/index';

await runProcessesChild(() =>
  getPostgresEventStore({
    connectionString: process.env.GAVEL_PG_URL as string,
    schema: process.env.SCHEMA as string,
    pollIntervalMs: 20,
  }),
);
