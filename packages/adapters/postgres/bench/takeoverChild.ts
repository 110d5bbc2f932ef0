/**
 * The PostgreSQL side of the takeover benchmark (`core/bench/takeoverChild.ts`): a processor on the
 * store at `GAVEL_PG_URL`, schema `GAVEL_PG_SCHEMA`. Usage: node --import tsx takeoverChild.ts '<settings as JSON>'
 */
import { runTakeoverChild } from '../../../core/bench/takeoverChild';
import { getPostgresEventStore } from '../src/index';

await runTakeoverChild(() =>
  getPostgresEventStore({
    connectionString: process.env.GAVEL_PG_URL as string,
    schema: process.env.GAVEL_PG_SCHEMA as string,
    poolSize: 2,
  }),
);
