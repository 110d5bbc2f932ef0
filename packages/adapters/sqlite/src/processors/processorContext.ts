import type { Database } from '../database';
import type { GroupCommit } from '../groupCommit';
import type { ProcessorStatements } from './processorStatements';
import type { StatementCache } from './statementCache';

/** What the processor store shares with its event store: one connection and its one writer. */
export interface ProcessorContext {
  readonly db: Database;
  readonly statements: ProcessorStatements;
  /** The event store's writer: every write of the processor store goes through it. */
  readonly commits: GroupCommit;
  /** The statements of transactional handlers. */
  readonly cache: StatementCache;
  /** The lease clock (epoch ms). */
  readonly clock: () => number;
  /** Throws `STORE_CLOSED` once the store is closed. */
  readonly ensureOpen: () => void;
  /** Runs one read like the event store's (closed store, deleted file and driver errors mapped). */
  readonly read: <T>(what: string, run: () => T) => T;
  /** The global position of the last event, 0 on an empty store. */
  readonly head: () => bigint;
  /**
   * The connection and statements of `processors.read`: a second connection to the file (it sees only
   * committed data, whatever transaction the writer has open), or the one connection of `:memory:`.
   */
  readonly reader: () => { readonly db: Database; readonly cache: StatementCache };
}
