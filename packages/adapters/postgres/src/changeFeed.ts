import pg from 'pg';
import type { SqlNames } from './schema/sqlNames';

/** Wakes subscriptions when events may have been appended (a hint: catch-up by position is the truth). */
export interface ChangeFeed {
  /** Tells every listener, in every process, that this store appended (coalesced, after commit). */
  readonly announce: () => void;
  /** Starts listening (once) on a dedicated connection; resolves even if that fails (polling covers). */
  readonly listen: () => Promise<void>;
  /** Calls `wake` on every notification until the returned function is called. */
  readonly onChange: (wake: () => void) => () => void;
  /** Stops listening and announcing. */
  readonly close: () => Promise<void>;
}

/** Options of {@link createChangeFeed}. */
export interface ChangeFeedOptions {
  readonly pool: pg.Pool;
  readonly names: SqlNames;
  /** Connection settings of the listening client. */
  readonly clientConfig: pg.ClientConfig;
}

/**
 * `LISTEN/NOTIFY` on one channel per schema. The `NOTIFY` is sent after the append committed, in its
 * own statement, never inside the append: a notifying transaction takes a database-wide lock at commit
 * that it holds through its WAL flush, which would serialize every append's commit and defeat group
 * commit. At most one `NOTIFY` is in flight per store; appends meanwhile are folded into the next one.
 * The notifying transaction commits with `synchronous_commit = off`: it is only a hint (it gets a
 * transaction id, so a durable commit would cost a second WAL flush per append), and a lost one is
 * made good by the poll.
 */
export const createChangeFeed = ({ pool, names, clientConfig }: ChangeFeedOptions): ChangeFeed => {
  const wakers = new Set<() => void>();
  let closed = false;
  let sending = false;
  let again = false;
  let listener: pg.Client | null = null;
  let listening: Promise<void> | null = null;

  const wakeAll = (): void => {
    for (const wake of [...wakers]) wake();
  };

  const send = (): void => {
    sending = true;
    again = false;
    pool
      .query(`BEGIN; SET LOCAL synchronous_commit = off; NOTIFY ${names.channel}; COMMIT`)
      .catch(() => undefined)
      .finally(() => {
        sending = false;
        if (again && !closed) send();
      });
  };

  const announce = (): void => {
    wakeAll();
    if (closed) return;
    if (sending) again = true;
    else send();
  };

  const connect = async (): Promise<void> => {
    const client = new pg.Client(clientConfig);
    const drop = (): void => {
      if (listener === client) {
        listener = null;
        listening = null;
      }
      client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', wakeAll);
    try {
      await client.connect();
      await client.query(`LISTEN ${names.channel}`);
      if (closed) await client.end();
      else listener = client;
    } catch {
      drop();
      listening = null;
    }
  };

  const listen = (): Promise<void> => {
    if (closed) return Promise.resolve();
    listening ??= connect();
    return listening;
  };

  const onChange = (wake: () => void): (() => void) => {
    wakers.add(wake);
    return () => wakers.delete(wake);
  };

  const close = async (): Promise<void> => {
    closed = true;
    wakeAll();
    await listening;
    const client = listener;
    listener = null;
    await client?.end().catch(() => undefined);
  };

  return { announce, listen, onChange, close };
};
