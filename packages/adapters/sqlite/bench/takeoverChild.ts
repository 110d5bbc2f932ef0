/**
 * The SQLite side of the takeover benchmark (`core/bench/takeoverChild.ts`): a processor on the store
 * at `GAVEL_SQLITE_PATH`. Usage: node --import tsx takeoverChild.ts '<settings as JSON>'
 */
import { runTakeoverChild } from '../../../core/bench/takeoverChild';
import { getSqliteEventStore } from '../src/index';

await runTakeoverChild(() => getSqliteEventStore({ path: process.env.GAVEL_SQLITE_PATH as string }));
