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
  readonly names: SqlNames;
  /** Connection settings of the listening client and of the notifying one. */
  readonly clientConfig: pg.ClientConfig;
}

/**
 * The least time between two `NOTIFY`s of one store while appends keep coming (ms). The first append
 * after a quiet spell notifies at once; under load, other processes' subscriptions learn of new
 * events at most this much later, and every write to the server costs less.
 */
export const NOTIFY_INTERVAL_MS = 5;

/**
 * `LISTEN/NOTIFY` on one channel per schema. The `NOTIFY` is sent after the append committed, in its
 * own statement, never inside the append: a notifying transaction takes a database-wide lock at commit
 * that it holds through its WAL flush, which would serialize every append's commit and defeat group
 * commit. At most one `NOTIFY` is in flight per store; appends meanwhile are folded into the next one.
 * The `NOTIFY`s go over one connection of their own, opened on first use with
 * `synchronous_commit = off` for its session: a notification is only a hint (its transaction gets an
 * id, so a durable commit would cost a second WAL flush per append), and a lost one is made good by the
 * poll. One statement on a connection that is always there costs the appends' pool nothing; should
 * that connection fail, the next announcement opens another. Under load, the `NOTIFY`s are spaced
 * by {@link NOTIFY_INTERVAL_MS}.
 */
export const createChangeFeed = ({ names, clientConfig }: ChangeFeedOptions): ChangeFeed => {
  const wakers = new Set<() => void>();
  let closed = false;
  let sending = false;
  let again = false;
  let listener: pg.Client | null = null;
  let listening: Promise<void> | null = null;

  const wakeAll = (): void => {
    for (const wake of [...wakers]) wake();
  };

  /** The connection that sends the `NOTIFY`s, opened on first use. */
  let notifier: Promise<pg.Client> | null = null;

  const openNotifier = async (): Promise<pg.Client> => {
    const client = new pg.Client(clientConfig);
    const drop = (): void => {
      if (notifier === opened) notifier = null;
      client.end().catch(() => undefined);
    };
    const opened = (async () => {
      client.on('error', drop);
      client.on('end', drop);
      await client.connect();
      await client.query('SET synchronous_commit = off');
      return client;
    })();
    opened.catch(drop);
    return opened;
  };

  let lastSent = Number.NEGATIVE_INFINITY;

  const send = (): void => {
    sending = true;
    again = false;
    lastSent = performance.now();
    notifier ??= openNotifier();
    notifier
      .then((client) => client.query(`NOTIFY ${names.channel}`))
      .catch(() => undefined)
      .finally(() => {
        if (!again || closed) {
          sending = false;
          return;
        }
        // Appends came meanwhile: one more NOTIFY for all of them, at most one per NOTIFY_INTERVAL_MS.
        const wait = lastSent + NOTIFY_INTERVAL_MS - performance.now();
        if (wait <= 0) send();
        else
          setTimeout(() => {
            if (closed) sending = false;
            else send();
          }, wait).unref();
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
    const sender = notifier;
    notifier = null;
    await sender?.then((opened) => opened.end()).catch(() => undefined);
  };

  return { announce, listen, onChange, close };
};
