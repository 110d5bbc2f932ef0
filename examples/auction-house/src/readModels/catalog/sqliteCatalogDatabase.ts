import type { AuctionNotification, AuctionState, PublicHistoryEntry, PublicView } from '@gavel/core';
import type { SqliteTransaction } from '@gavel/sqlite';
import { CATALOG_SCHEMA_VERSION, type CatalogDatabase, type TitledNotification } from './catalogDatabase';
import {
  type BidderChange,
  type CatalogListRow,
  type CatalogQuery,
  offerColumns,
  ownOfferOfColumns,
  SORT_KEYS,
} from './catalogRow';
import type { FoldedAuction } from './projectCatalog';
import { wordsOf } from './searchWords';

/** Runs statements: the processor's transaction, or a read session on the same database. */
export type SqliteSession = Pick<SqliteTransaction, 'run' | 'all' | 'get'>;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS catalog_auctions (
     auction_id TEXT PRIMARY KEY,
     title TEXT,
     seller_name TEXT,
     seller_id TEXT,
     status TEXT NOT NULL DEFAULT 'none',
     currency TEXT,
     price INTEGER,
     sort_price INTEGER NOT NULL DEFAULT 0,
     bid_count INTEGER NOT NULL DEFAULT 0,
     leader_id TEXT,
     ends_at INTEGER NOT NULL DEFAULT 0,
     reserve_met INTEGER,
     created_at INTEGER NOT NULL DEFAULT 0,
     version INTEGER NOT NULL DEFAULT 0,
     state TEXT,
     view TEXT,
     listed INTEGER NOT NULL DEFAULT 0
   )`,
  'CREATE INDEX IF NOT EXISTS catalog_by_end ON catalog_auctions (ends_at, auction_id) WHERE listed = 1',
  'CREATE INDEX IF NOT EXISTS catalog_by_status_end ON catalog_auctions (status, ends_at, auction_id) WHERE listed = 1',
  'CREATE INDEX IF NOT EXISTS catalog_by_creation ON catalog_auctions (created_at, auction_id) WHERE listed = 1',
  'CREATE INDEX IF NOT EXISTS catalog_by_status_creation ON catalog_auctions (status, created_at, auction_id) WHERE listed = 1',
  'CREATE INDEX IF NOT EXISTS catalog_by_price ON catalog_auctions (sort_price, auction_id) WHERE listed = 1',
  'CREATE INDEX IF NOT EXISTS catalog_by_seller ON catalog_auctions (seller_id, ends_at, auction_id) WHERE listed = 1',
  'CREATE INDEX IF NOT EXISTS catalog_by_status_price ON catalog_auctions (status, sort_price, auction_id) WHERE listed = 1',
  // A row per word of a title (as `wordsOf` finds them) with the auction's sort keys: a search walks one
  // word's rows in the page's order, so a page costs its own rows whatever the number of matches.
  `CREATE TABLE IF NOT EXISTS catalog_words (
     word TEXT NOT NULL,
     auction_id TEXT NOT NULL,
     status TEXT NOT NULL,
     ends_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     sort_price INTEGER NOT NULL,
     PRIMARY KEY (word, auction_id)
   ) WITHOUT ROWID`,
  'CREATE INDEX IF NOT EXISTS catalog_words_by_auction ON catalog_words (auction_id)',
  'CREATE INDEX IF NOT EXISTS catalog_words_by_ends_at ON catalog_words (word, ends_at, auction_id, status)',
  'CREATE INDEX IF NOT EXISTS catalog_words_by_created_at ON catalog_words (word, created_at, auction_id, status)',
  'CREATE INDEX IF NOT EXISTS catalog_words_by_sort_price ON catalog_words (word, sort_price, auction_id, status)',
  `CREATE TABLE IF NOT EXISTS catalog_bidders (
     user_id TEXT NOT NULL,
     auction_id TEXT NOT NULL,
     amount INTEGER,
     max_amount INTEGER,
     PRIMARY KEY (user_id, auction_id)
   ) WITHOUT ROWID`,
  'CREATE INDEX IF NOT EXISTS catalog_bidders_by_auction ON catalog_bidders (auction_id)',
  // Each user's standing bids on each auction (those no retraction withdrew), by stream version: a
  // retraction of the latest bid falls back to the one before it. `catalog_bidders` holds the last.
  `CREATE TABLE IF NOT EXISTS catalog_bids (
     user_id TEXT NOT NULL,
     auction_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     amount INTEGER,
     max_amount INTEGER,
     PRIMARY KEY (user_id, auction_id, version)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS catalog_history (
     auction_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     entry TEXT NOT NULL,
     PRIMARY KEY (auction_id, version)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS notifications (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL,
     auction_id TEXT NOT NULL,
     body TEXT NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS notifications_by_user ON notifications (user_id, seq)',
  `CREATE TABLE IF NOT EXISTS notification_outbox (
     id TEXT PRIMARY KEY,
     body TEXT NOT NULL,
     mailed_at INTEGER
   )`,
  'CREATE INDEX IF NOT EXISTS notification_outbox_unmailed ON notification_outbox (id) WHERE mailed_at IS NULL',
];

/** The catalog's own tables (the notifications and their outbox survive a rebuild). */
const CATALOG_TABLES = [
  'catalog_auctions',
  'catalog_words',
  'catalog_search', // an earlier release's
  'catalog_bidders',
  'catalog_bids',
  'catalog_history',
  'catalog_schema',
];

/** The version of the tables in the file: null before any, 1 for those made before versions were kept. */
const storedVersion = (session: SqliteSession): number | null => {
  const tables = new Set(
    session
      .all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('catalog_schema', 'catalog_auctions')",
      )
      .map((row) => row.name),
  );
  if (tables.has('catalog_schema'))
    return Number(session.get<{ version: number }>('SELECT version FROM catalog_schema')?.version ?? 1);
  return tables.has('catalog_auctions') ? 1 : null;
};

const COLUMN = { endsAt: 'ends_at', createdAt: 'created_at', sortPrice: 'sort_price' } as const;
const CHUNK = 400;

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

interface ListedRow {
  readonly auction_id: string;
  readonly title: string;
  readonly view: string;
  readonly version: number;
  readonly sort_value: number;
}

/** A kept notification with the auction's title, when the catalog has it. */
const titled = (row: { body: string; title: string | null }): TitledNotification => ({
  ...(JSON.parse(row.body) as AuctionNotification),
  title: row.title,
});

const toListRow = (row: ListedRow): CatalogListRow => ({
  auctionId: row.auction_id,
  title: row.title,
  view: JSON.parse(row.view) as PublicView,
  version: Number(row.version),
  sortValue: Number(row.sort_value),
});

/** The status filter as SQL on the columns of table alias `t`, with its parameters. */
const statusWhere = (status: CatalogQuery['status'], now: number, t: string): [string, unknown[]] => {
  switch (status) {
    case undefined:
      return ['', []];
    case 'open':
      return [` AND ${t}.status = 'open' AND ${t}.ends_at > ?`, [now]];
    case 'ended':
      return [` AND ${t}.status = 'open' AND ${t}.ends_at <= ?`, [now]];
    default:
      return [` AND ${t}.status = ?`, [status]];
  }
};

/**
 * Writes one change of a user's standing bids (in stream order): a bid joins `catalog_bids` and is
 * their offer in `catalog_bidders`; a retraction deletes, among their bids recorded before it, all of
 * them or the latest, and their offer becomes the latest left (none: no `catalog_bidders` row).
 */
const saveBidderChange = (tx: SqliteSession, change: BidderChange): void => {
  const { userId, auctionId, version } = change;
  const setOffer = (amount: number | null, maxAmount: number | null): void => {
    tx.run(
      `INSERT INTO catalog_bidders (user_id, auction_id, amount, max_amount) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, auction_id) DO UPDATE SET amount = excluded.amount, max_amount = excluded.max_amount`,
      [userId, auctionId, amount, maxAmount],
    );
  };
  if (change.kind === 'bid') {
    const [amount, maxAmount] = offerColumns(change.offer);
    tx.run(
      'INSERT OR IGNORE INTO catalog_bids (user_id, auction_id, version, amount, max_amount) VALUES (?, ?, ?, ?, ?)',
      [userId, auctionId, version, amount, maxAmount],
    );
    setOffer(amount, maxAmount);
    return;
  }
  if (change.scope === 'all')
    tx.run('DELETE FROM catalog_bids WHERE user_id = ? AND auction_id = ? AND version < ?', [
      userId,
      auctionId,
      version,
    ]);
  else
    tx.run(
      `DELETE FROM catalog_bids WHERE user_id = ? AND auction_id = ? AND version = (
         SELECT max(version) FROM catalog_bids WHERE user_id = ? AND auction_id = ? AND version < ?)`,
      [userId, auctionId, userId, auctionId, version],
    );
  const left = tx.get<{ amount: number | null; max_amount: number | null }>(
    'SELECT amount, max_amount FROM catalog_bids WHERE user_id = ? AND auction_id = ? ORDER BY version DESC LIMIT 1',
    [userId, auctionId],
  );
  if (left === undefined)
    tx.run('DELETE FROM catalog_bidders WHERE user_id = ? AND auction_id = ?', [userId, auctionId]);
  else setOffer(left.amount, left.max_amount);
};

/** How many title rows a word has, up to `cap`: enough to walk the rarest word of a search. */
const WORD_COUNT_CAP = 10_000;

/** The search's words, the one with the fewest rows first (it drives the walk; the others are probes). */
const rarestFirst = (session: SqliteSession, words: readonly string[]): string[] => {
  if (words.length < 2) return [...words];
  const counted = words.map((word) => ({
    word,
    rows: Number(
      session.get<{ n: number }>(
        'SELECT count(*) AS n FROM (SELECT 1 FROM catalog_words WHERE word = ? LIMIT ?)',
        [word, WORD_COUNT_CAP],
      )?.n ?? 0,
    ),
  }));
  return counted.sort((a, b) => a.rows - b.rows).map(({ word }) => word);
};

/**
 * The catalog in the store's SQLite file: `catalog_auctions` (one row per auction, with the decider's
 * state as JSON and a partial index per sort, with and without a status), `catalog_words` (each word of
 * a title with the auction's sort keys, an index per sort), `catalog_history`, `catalog_bidders` (each
 * user's offer on each auction) and `catalog_bids` (the standing bids behind it). Writes run in the processor's transaction; `read` gives a session on the same database for the API's
 * queries.
 */
export const sqliteCatalogDatabase = (
  read: <T>(work: (session: SqliteSession) => T | Promise<T>) => Promise<T>,
): CatalogDatabase<SqliteSession> => ({
  ensureSchema: () =>
    read((session) => {
      const found = storedVersion(session);
      if (found !== null && found !== CATALOG_SCHEMA_VERSION) return 'outdated' as const;
      for (const statement of SCHEMA) session.run(statement);
      if (found === null) {
        session.run('CREATE TABLE IF NOT EXISTS catalog_schema (version INTEGER NOT NULL)');
        session.run('INSERT INTO catalog_schema (version) VALUES (?)', [CATALOG_SCHEMA_VERSION]);
      }
      return 'current' as const;
    }),

  dropCatalog: () =>
    read((session) => {
      for (const table of CATALOG_TABLES) session.run(`DROP TABLE IF EXISTS ${table}`);
    }),

  loadAuctions: async (tx, auctionIds) => {
    const found = new Map<string, FoldedAuction>();
    for (const ids of chunks(auctionIds)) {
      const rows = tx.all<{ auction_id: string; state: string | null; version: number; created_at: number }>(
        `SELECT auction_id, state, version, created_at FROM catalog_auctions WHERE auction_id IN (${ids.map(() => '?').join(',')})`,
        ids,
      );
      for (const row of rows)
        if (row.state !== null)
          found.set(row.auction_id, {
            state: JSON.parse(row.state) as AuctionState,
            version: Number(row.version),
            createdAt: Number(row.created_at),
          });
    }
    return found;
  },

  save: async (tx, { auctions, listings, bidders, history }) => {
    for (const { auctionId, entry } of history)
      tx.run('INSERT OR IGNORE INTO catalog_history (auction_id, version, entry) VALUES (?, ?, ?)', [
        auctionId,
        entry.version,
        JSON.stringify(entry),
      ]);
    for (const a of auctions)
      tx.run(
        `INSERT INTO catalog_auctions (auction_id, seller_id, status, currency, price, sort_price, bid_count,
           leader_id, ends_at, reserve_met, created_at, version, state, view, listed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (auction_id) DO UPDATE SET seller_id = excluded.seller_id, status = excluded.status,
           currency = excluded.currency, price = excluded.price, sort_price = excluded.sort_price,
           bid_count = excluded.bid_count, leader_id = excluded.leader_id, ends_at = excluded.ends_at,
           reserve_met = excluded.reserve_met, created_at = excluded.created_at, version = excluded.version,
           state = excluded.state, view = excluded.view,
           listed = (catalog_auctions.title IS NOT NULL AND excluded.status <> 'none')`,
        [
          a.auctionId,
          a.sellerId,
          a.status,
          a.currency,
          a.price,
          a.sortPrice,
          a.bidCount,
          a.leaderId,
          a.endsAt,
          a.reserveMet === null ? null : a.reserveMet ? 1 : 0,
          a.createdAt,
          a.version,
          JSON.stringify(a.state),
          a.view === null ? null : JSON.stringify(a.view),
        ],
      );
    for (const a of auctions)
      tx.run(
        'UPDATE catalog_words SET status = ?, ends_at = ?, created_at = ?, sort_price = ? WHERE auction_id = ?',
        [a.status, a.endsAt, a.createdAt, a.sortPrice, a.auctionId],
      );
    for (const listing of listings) {
      tx.run(
        `INSERT INTO catalog_auctions (auction_id, title, seller_name) VALUES (?, ?, ?)
         ON CONFLICT (auction_id) DO UPDATE SET title = excluded.title, seller_name = excluded.seller_name,
           listed = (catalog_auctions.status <> 'none')`,
        [listing.auctionId, listing.title, listing.sellerName],
      );
      tx.run('DELETE FROM catalog_words WHERE auction_id = ?', [listing.auctionId]);
      for (const word of new Set(wordsOf(listing.title)))
        tx.run(
          `INSERT INTO catalog_words (word, auction_id, status, ends_at, created_at, sort_price)
           SELECT ?, auction_id, status, ends_at, created_at, sort_price FROM catalog_auctions WHERE auction_id = ?`,
          [word, listing.auctionId],
        );
    }
    for (const change of bidders) saveBidderChange(tx, change);
  },

  list: (query, now) =>
    read((session) => {
      const { column, descending } = SORT_KEYS[query.sort];
      const key = COLUMN[column];
      const order = descending ? 'DESC' : 'ASC';
      const words = rarestFirst(session, query.words ?? []);
      // A search walks its rarest word's rows in the page's order (`t` = catalog_words), probing the
      // other words; a list walks the auctions' own index (`t` = catalog_auctions).
      const t = words.length > 0 ? 'w' : 'a';
      const [statusSql, statusParameters] = statusWhere(query.status, now, t);
      const parameters: unknown[] = [];
      let sql = `SELECT a.auction_id, a.title, a.view, a.version, ${t}.${key} AS sort_value`;
      if (words.length > 0) {
        sql += ` FROM catalog_words w INDEXED BY catalog_words_by_${key} CROSS JOIN catalog_auctions a
          ON a.auction_id = w.auction_id WHERE w.word = ? AND w.status <> 'none'`;
        parameters.push(words[0]);
        for (const word of words.slice(1)) {
          sql +=
            ' AND EXISTS (SELECT 1 FROM catalog_words x WHERE x.word = ? AND x.auction_id = w.auction_id)';
          parameters.push(word);
        }
      } else sql += ' FROM catalog_auctions a WHERE a.listed = 1';
      sql += statusSql;
      parameters.push(...statusParameters);
      if (query.after !== undefined) {
        sql += ` AND (${t}.${key}, ${t}.auction_id) ${descending ? '<' : '>'} (?, ?)`;
        parameters.push(query.after.value, query.after.auctionId);
      }
      sql += ` ORDER BY ${t}.${key} ${order}, ${t}.auction_id ${order} LIMIT ?`;
      parameters.push(query.limit + 1);
      const rows = session.all<ListedRow>(sql, parameters);
      return { rows: rows.slice(0, query.limit).map(toListRow), more: rows.length > query.limit };
    }),

  sellerAuctions: (userId, limit, after) =>
    read((session) => {
      const rows = session.all<ListedRow>(
        `SELECT auction_id, title, view, version, ends_at AS sort_value FROM catalog_auctions
         WHERE listed = 1 AND seller_id = ?${after === undefined ? '' : ' AND (ends_at, auction_id) > (?, ?)'}
         ORDER BY ends_at, auction_id LIMIT ?`,
        [userId, ...(after === undefined ? [] : [after.endsAt, after.auctionId]), limit + 1],
      );
      return { rows: rows.slice(0, limit).map(toListRow), more: rows.length > limit };
    }),

  bidsOf: (userId, limit, after) =>
    read((session) => {
      const rows = session.all<ListedRow & { amount: number | null; max_amount: number | null }>(
        `SELECT a.auction_id, a.title, a.view, a.version, a.ends_at AS sort_value, b.amount, b.max_amount
         FROM catalog_bidders b JOIN catalog_auctions a ON a.auction_id = b.auction_id
         WHERE b.user_id = ? AND a.view IS NOT NULL${after === undefined ? '' : ' AND (a.ends_at, a.auction_id) > (?, ?)'}
         ORDER BY a.ends_at, a.auction_id LIMIT ?`,
        [userId, ...(after === undefined ? [] : [after.endsAt, after.auctionId]), limit + 1],
      );
      return {
        rows: rows.slice(0, limit).map((row) => ({
          ...toListRow({ ...row, title: row.title ?? row.auction_id }),
          offer: ownOfferOfColumns(row),
        })),
        more: rows.length > limit,
      };
    }),

  auctionDetail: (auctionId, userId) =>
    read((session) => {
      const row = session.get<ListedRow & { state: string; seller_name: string | null; status: string }>(
        `SELECT auction_id, title, state, view, version, ends_at AS sort_value, seller_name, status
         FROM catalog_auctions WHERE auction_id = ? AND view IS NOT NULL`,
        [auctionId],
      );
      if (row === undefined || row.status === 'none') return null;
      const history = session
        .all<{ entry: string }>('SELECT entry FROM catalog_history WHERE auction_id = ? ORDER BY version', [
          auctionId,
        ])
        .map((entry) => JSON.parse(entry.entry) as PublicHistoryEntry);
      const bid =
        userId === null
          ? undefined
          : session.get<{ amount: number | null; max_amount: number | null }>(
              'SELECT amount, max_amount FROM catalog_bidders WHERE user_id = ? AND auction_id = ?',
              [userId, auctionId],
            );
      return {
        row: toListRow({ ...row, title: row.title ?? auctionId }),
        state: JSON.parse(row.state) as AuctionState,
        sellerName: row.seller_name ?? '',
        history,
        offer: bid === undefined ? null : ownOfferOfColumns(bid),
      };
    }),

  biddersOf: async (tx, auctionId) =>
    tx
      .all<{ user_id: string }>('SELECT user_id FROM catalog_bidders WHERE auction_id = ?', [auctionId])
      .map((row) => row.user_id),

  saveNotifications: async (tx, notifications) => {
    for (const notification of notifications) {
      const body = JSON.stringify(notification);
      const kept = tx.run(
        'INSERT OR IGNORE INTO notifications (id, user_id, auction_id, body) VALUES (?, ?, ?, ?)',
        [notification.id, notification.userId, notification.auctionId, body],
      );
      if (kept.changes > 0)
        tx.run('INSERT OR IGNORE INTO notification_outbox (id, body) VALUES (?, ?)', [notification.id, body]);
    }
  },

  notificationsOf: (userId, limit) =>
    read((session) =>
      session
        .all<{ body: string; title: string | null }>(
          `SELECT n.body, a.title FROM notifications n LEFT JOIN catalog_auctions a ON a.auction_id = n.auction_id
           WHERE n.user_id = ? ORDER BY n.seq DESC LIMIT ?`,
          [userId, limit],
        )
        .map(titled),
    ),

  notificationsAfter: (seq, limit) =>
    read((session) =>
      session
        .all<{ seq: number; body: string; title: string | null }>(
          `SELECT n.seq, n.body, a.title FROM notifications n LEFT JOIN catalog_auctions a ON a.auction_id = n.auction_id
           WHERE n.seq > ? ORDER BY n.seq LIMIT ?`,
          [seq, limit],
        )
        .map((row) => ({ seq: Number(row.seq), notification: titled(row) })),
    ),

  lastNotificationSeq: () =>
    read((session) =>
      Number(session.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM notifications')?.seq ?? 0),
    ),

  unmailed: (limit) =>
    read((session) =>
      session
        .all<{ body: string }>(
          'SELECT body FROM notification_outbox WHERE mailed_at IS NULL ORDER BY id LIMIT ?',
          [limit],
        )
        .map((row) => JSON.parse(row.body) as AuctionNotification),
    ),

  markMailed: (ids, at) =>
    read((session) => {
      for (const id of ids)
        session.run('UPDATE notification_outbox SET mailed_at = ? WHERE id = ?', [at, id]);
    }),

  openAuctions: (now, limit) =>
    read((session) =>
      session
        .all<ListedRow & { state: string }>(
          `SELECT auction_id, title, state, view, version, ends_at AS sort_value FROM catalog_auctions
           WHERE listed = 1 AND status = 'open' AND ends_at > ? ORDER BY ends_at, auction_id LIMIT ?`,
          [now, limit],
        )
        .map((row) => ({ ...toListRow(row), state: JSON.parse(row.state) as AuctionState })),
    ),

  clear: () =>
    read((session) => {
      for (const table of [
        'catalog_auctions',
        'catalog_words',
        'catalog_bidders',
        'catalog_bids',
        'catalog_history',
        'notifications',
        'notification_outbox',
      ])
        session.run(`DELETE FROM ${table}`);
    }),

  close: async () => {},
});
