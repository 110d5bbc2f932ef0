import type { AuctionNotification, AuctionState, PublicHistoryEntry, PublicView } from '@gavel/core';
import type { PostgresTransaction } from '@gavel/postgres';
import { CATALOG_SCHEMA_VERSION, type CatalogDatabase } from './catalogDatabase';
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

/** Runs statements: the processor's transaction, or a pooled connection for the API's reads. */
export type PostgresSession = Pick<PostgresTransaction, 'query'>;

const COLUMN = { endsAt: 'ends_at', createdAt: 'created_at', sortPrice: 'sort_price' } as const;

interface ListedRow {
  readonly auction_id: string;
  readonly title: string;
  readonly view: PublicView;
  readonly version: number;
  readonly sort_value: string | number;
}

const toListRow = (row: ListedRow): CatalogListRow => ({
  auctionId: row.auction_id,
  title: row.title,
  view: row.view,
  version: Number(row.version),
  sortValue: Number(row.sort_value),
});

/** The status filter as SQL on the columns of table alias `t`, from parameter `$next` on, with its parameters. */
const statusWhere = (
  status: CatalogQuery['status'],
  now: number,
  t: string,
  next: number,
): [string, unknown[]] => {
  switch (status) {
    case undefined:
      return ['', []];
    case 'open':
      return [` AND ${t}.status = 'open' AND ${t}.ends_at > $${next}`, [now]];
    case 'ended':
      return [` AND ${t}.status = 'open' AND ${t}.ends_at <= $${next}`, [now]];
    default:
      return [` AND ${t}.status = $${next}`, [status]];
  }
};

/** How many title rows a word has, up to `cap`: enough to walk the rarest word of a search. */
const WORD_COUNT_CAP = 10_000;

/**
 * The catalog in the store's PostgreSQL schema: `catalog_auctions` (one row per auction, the decider's
 * state as `jsonb`, a partial index per sort, with and without a status), `catalog_words` (each word
 * of a title with the auction's sort keys, an index per sort), `catalog_history`, `catalog_bidders`
 * (each user's offer on each auction) and `catalog_bids` (the standing bids behind it). Writes run in
 * the processor's transaction.
 */
export const postgresCatalogDatabase = (
  schema: string,
  read: <T>(work: (session: PostgresSession) => Promise<T>) => Promise<T>,
): CatalogDatabase<PostgresSession> => {
  const auctions = `"${schema}".catalog_auctions`;
  const bidders = `"${schema}".catalog_bidders`;
  const bids = `"${schema}".catalog_bids`;
  const notifications = `"${schema}".notifications`;
  const history = `"${schema}".catalog_history`;
  const words = `"${schema}".catalog_words`;
  const outbox = `"${schema}".notification_outbox`;
  const schemaStatements = [
    `CREATE TABLE IF NOT EXISTS ${auctions} (
       auction_id text PRIMARY KEY,
       title text,
       seller_name text,
       seller_id text,
       status text NOT NULL DEFAULT 'none',
       currency text,
       price bigint,
       sort_price bigint NOT NULL DEFAULT 0,
       bid_count integer NOT NULL DEFAULT 0,
       leader_id text,
       ends_at bigint NOT NULL DEFAULT 0,
       reserve_met boolean,
       created_at bigint NOT NULL DEFAULT 0,
       version integer NOT NULL DEFAULT 0,
       state jsonb,
       view jsonb,
       listed boolean NOT NULL DEFAULT false
     )`,
    ...(['ends_at', 'created_at', 'sort_price'] as const).flatMap((column) => [
      `CREATE INDEX IF NOT EXISTS catalog_by_${column} ON ${auctions} (${column}, auction_id) WHERE listed`,
      `CREATE INDEX IF NOT EXISTS catalog_by_status_${column} ON ${auctions} (status, ${column}, auction_id) WHERE listed`,
    ]),
    // A row per word of a title with the auction's sort keys: a search walks one word's rows in the
    // page's order, so a page costs its own rows whatever the number of matches.
    `CREATE TABLE IF NOT EXISTS ${words} (
       word text NOT NULL,
       auction_id text NOT NULL,
       status text NOT NULL,
       ends_at bigint NOT NULL,
       created_at bigint NOT NULL,
       sort_price bigint NOT NULL,
       PRIMARY KEY (word, auction_id)
     )`,
    `CREATE INDEX IF NOT EXISTS catalog_words_by_auction ON ${words} (auction_id)`,
    ...(['ends_at', 'created_at', 'sort_price'] as const).map(
      (column) =>
        `CREATE INDEX IF NOT EXISTS catalog_words_by_${column} ON ${words} (word, ${column}, auction_id, status)`,
    ),
    `CREATE INDEX IF NOT EXISTS catalog_by_seller ON ${auctions} (seller_id, ends_at, auction_id) WHERE listed`,
    `CREATE TABLE IF NOT EXISTS ${bidders} (
       user_id text NOT NULL,
       auction_id text NOT NULL,
       amount bigint,
       max_amount bigint,
       PRIMARY KEY (user_id, auction_id)
     )`,
    `CREATE INDEX IF NOT EXISTS catalog_bidders_by_auction ON ${bidders} (auction_id)`,
    // Each user's standing bids on each auction (those no retraction withdrew), by stream version: a
    // retraction of the latest bid falls back to the one before it. `catalog_bidders` holds the last.
    `CREATE TABLE IF NOT EXISTS ${bids} (
       user_id text NOT NULL,
       auction_id text NOT NULL,
       version integer NOT NULL,
       amount bigint,
       max_amount bigint,
       PRIMARY KEY (user_id, auction_id, version)
     )`,
    `CREATE TABLE IF NOT EXISTS ${history} (
       auction_id text NOT NULL,
       version integer NOT NULL,
       entry jsonb NOT NULL,
       PRIMARY KEY (auction_id, version)
     )`,
    `CREATE TABLE IF NOT EXISTS ${notifications} (
       seq bigserial PRIMARY KEY,
       id text NOT NULL UNIQUE,
       user_id text NOT NULL,
       auction_id text NOT NULL,
       body jsonb NOT NULL
     )`,
    `CREATE INDEX IF NOT EXISTS notifications_by_user ON ${notifications} (user_id, seq)`,
    `CREATE TABLE IF NOT EXISTS ${outbox} (
       id text PRIMARY KEY,
       body jsonb NOT NULL,
       mailed_at bigint
     )`,
    `CREATE INDEX IF NOT EXISTS notification_outbox_unmailed ON ${outbox} (id) WHERE mailed_at IS NULL`,
  ];

  const versionTable = `"${schema}".catalog_schema`;
  /** Runs `work` in a transaction holding the catalog's schema lock: instances starting together take turns. */
  const underSchemaLock = <T>(work: (session: PostgresSession) => Promise<T>) =>
    read(async (session) => {
      await session.query('BEGIN');
      try {
        await session.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}.catalog`]);
        const result = await work(session);
        await session.query('COMMIT');
        return result;
      } catch (error) {
        await session.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  /** The version of the tables in the schema: null before any, 1 for those made before versions were kept. */
  const storedVersion = async (session: PostgresSession): Promise<number | null> => {
    const { rows } = await session.query<{ versioned: string | null; auctions: string | null }>(
      'SELECT to_regclass($1)::text AS versioned, to_regclass($2)::text AS auctions',
      [versionTable, auctions],
    );
    if (rows[0]?.versioned != null) {
      const found = await session.query<{ version: number }>(`SELECT version FROM ${versionTable}`);
      return Number(found.rows[0]?.version ?? 1);
    }
    return rows[0]?.auctions != null ? 1 : null;
  };

  /** The search's words, the one with the fewest rows first (it drives the walk; the others are probes). */
  const rarestFirst = async (session: PostgresSession, searched: readonly string[]): Promise<string[]> => {
    if (searched.length < 2) return [...searched];
    const counted = [];
    for (const word of searched) {
      const { rows } = await session.query<{ n: string }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${words} WHERE word = $1 LIMIT $2) AS found`,
        [word, WORD_COUNT_CAP],
      );
      counted.push({ word, rows: Number(rows[0]?.n ?? 0) });
    }
    return counted.sort((a, b) => a.rows - b.rows).map(({ word }) => word);
  };

  /**
   * Writes a batch's changes of standing bids. Its bids all join `catalog_bids` at once: a retraction
   * withdraws only bids recorded before it (all of them, or the latest), so it may run after bids that
   * follow it. Each user's offer in `catalog_bidders` is then their latest bid standing: the batch's
   * last bid where no retraction of theirs is in the batch, read back from `catalog_bids` where one is
   * (no bid left: no row).
   */
  const saveBidderChanges = async (tx: PostgresSession, changes: readonly BidderChange[]): Promise<void> => {
    const pair = (change: BidderChange): string => `${change.userId}\u0000${change.auctionId}`;
    const placed = changes.flatMap((change) => (change.kind === 'bid' ? [change] : []));
    const retracted = changes.flatMap((change) => (change.kind === 'retracted' ? [change] : []));
    if (placed.length > 0)
      await tx.query(
        `INSERT INTO ${bids} (user_id, auction_id, version, amount, max_amount)
         SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::bigint[])
         ON CONFLICT DO NOTHING`,
        [
          placed.map((bid) => bid.userId),
          placed.map((bid) => bid.auctionId),
          placed.map((bid) => bid.version),
          placed.map((bid) => offerColumns(bid.offer)[0]),
          placed.map((bid) => offerColumns(bid.offer)[1]),
        ],
      );
    for (const { userId, auctionId, version, scope } of retracted)
      await tx.query(
        scope === 'all'
          ? `DELETE FROM ${bids} WHERE user_id = $1 AND auction_id = $2 AND version < $3`
          : `DELETE FROM ${bids} WHERE user_id = $1 AND auction_id = $2 AND version = (
               SELECT max(version) FROM ${bids} WHERE user_id = $1 AND auction_id = $2 AND version < $3)`,
        [userId, auctionId, version],
      );
    const recomputed = new Set(retracted.map(pair));
    // One row per user and auction: their last offer of the batch wins (ON CONFLICT cannot touch a row twice).
    const last = [...new Map(placed.map((bid) => [pair(bid), bid])).values()].filter(
      (bid) => !recomputed.has(pair(bid)),
    );
    if (last.length > 0)
      await tx.query(
        `INSERT INTO ${bidders} (user_id, auction_id, amount, max_amount)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
         ON CONFLICT (user_id, auction_id) DO UPDATE SET amount = excluded.amount, max_amount = excluded.max_amount`,
        [
          last.map((bid) => bid.userId),
          last.map((bid) => bid.auctionId),
          last.map((bid) => offerColumns(bid.offer)[0]),
          last.map((bid) => offerColumns(bid.offer)[1]),
        ],
      );
    if (recomputed.size === 0) return;
    const touched = [...new Map(retracted.map((change) => [pair(change), change])).values()];
    await tx.query(
      `WITH touched AS (
         SELECT * FROM unnest($1::text[], $2::text[]) AS t(user_id, auction_id)
       ), standing AS (
         SELECT DISTINCT ON (b.user_id, b.auction_id) b.user_id, b.auction_id, b.amount, b.max_amount
         FROM ${bids} b JOIN touched t ON b.user_id = t.user_id AND b.auction_id = t.auction_id
         ORDER BY b.user_id, b.auction_id, b.version DESC
       ), withdrawn AS (
         DELETE FROM ${bidders} o USING touched t
         WHERE o.user_id = t.user_id AND o.auction_id = t.auction_id
           AND NOT EXISTS (SELECT 1 FROM standing s WHERE s.user_id = t.user_id AND s.auction_id = t.auction_id)
       )
       INSERT INTO ${bidders} (user_id, auction_id, amount, max_amount)
       SELECT user_id, auction_id, amount, max_amount FROM standing
       ON CONFLICT (user_id, auction_id) DO UPDATE SET amount = excluded.amount, max_amount = excluded.max_amount`,
      [touched.map((change) => change.userId), touched.map((change) => change.auctionId)],
    );
  };

  return {
    ensureSchema: () =>
      underSchemaLock(async (session) => {
        const found = await storedVersion(session);
        if (found !== null && found !== CATALOG_SCHEMA_VERSION) return 'outdated' as const;
        for (const statement of schemaStatements) await session.query(statement);
        if (found === null) {
          await session.query(`CREATE TABLE IF NOT EXISTS ${versionTable} (version integer NOT NULL)`);
          await session.query(`INSERT INTO ${versionTable} (version) VALUES ($1)`, [CATALOG_SCHEMA_VERSION]);
        }
        return 'current' as const;
      }),

    dropCatalog: () =>
      underSchemaLock(async (session) => {
        await session.query(
          `DROP TABLE IF EXISTS ${auctions}, ${words}, ${bidders}, ${bids}, ${history}, ${versionTable}`,
        );
      }),

    loadAuctions: async (tx, auctionIds) => {
      const found = new Map<string, FoldedAuction>();
      if (auctionIds.length === 0) return found;
      const { rows } = await tx.query(
        `SELECT auction_id, state, version, created_at FROM ${auctions} WHERE auction_id = ANY($1::text[]) AND state IS NOT NULL`,
        [auctionIds],
      );
      for (const row of rows as {
        auction_id: string;
        state: AuctionState;
        version: number;
        created_at: string;
      }[])
        found.set(row.auction_id, {
          state: row.state,
          version: row.version,
          createdAt: Number(row.created_at),
        });
      return found;
    },

    save: async (tx, changes) => {
      if (changes.history.length > 0)
        await tx.query(
          `INSERT INTO ${history} (auction_id, version, entry)
           SELECT * FROM unnest($1::text[], $2::integer[], $3::jsonb[]) ON CONFLICT DO NOTHING`,
          [
            changes.history.map((row) => row.auctionId),
            changes.history.map((row) => row.entry.version),
            changes.history.map((row) => JSON.stringify(row.entry)),
          ],
        );
      if (changes.auctions.length > 0) {
        const rows = changes.auctions.map((a) => ({
          auction_id: a.auctionId,
          seller_id: a.sellerId,
          status: a.status,
          currency: a.currency,
          price: a.price,
          sort_price: a.sortPrice,
          bid_count: a.bidCount,
          leader_id: a.leaderId,
          ends_at: a.endsAt,
          reserve_met: a.reserveMet,
          created_at: a.createdAt,
          version: a.version,
          state: a.state,
          view: a.view,
        }));
        await tx.query(
          `INSERT INTO ${auctions} AS c (auction_id, seller_id, status, currency, price, sort_price, bid_count,
             leader_id, ends_at, reserve_met, created_at, version, state, view)
           SELECT auction_id, seller_id, status, currency, price, sort_price, bid_count, leader_id, ends_at,
             reserve_met, created_at, version, state, view
           FROM jsonb_to_recordset($1::jsonb) AS r(auction_id text, seller_id text, status text, currency text,
             price bigint, sort_price bigint, bid_count integer, leader_id text, ends_at bigint, reserve_met boolean,
             created_at bigint, version integer, state jsonb, view jsonb)
           ON CONFLICT (auction_id) DO UPDATE SET seller_id = excluded.seller_id, status = excluded.status,
             currency = excluded.currency, price = excluded.price, sort_price = excluded.sort_price,
             bid_count = excluded.bid_count, leader_id = excluded.leader_id, ends_at = excluded.ends_at,
             reserve_met = excluded.reserve_met, created_at = excluded.created_at, version = excluded.version,
             state = excluded.state, view = excluded.view, listed = (c.title IS NOT NULL AND excluded.status <> 'none')`,
          [JSON.stringify(rows)],
        );
      }
      if (changes.auctions.length > 0)
        await tx.query(
          `UPDATE ${words} w SET status = r.status, ends_at = r.ends_at, created_at = r.created_at,
             sort_price = r.sort_price
           FROM jsonb_to_recordset($1::jsonb) AS r(auction_id text, status text, ends_at bigint,
             created_at bigint, sort_price bigint)
           WHERE w.auction_id = r.auction_id`,
          [
            JSON.stringify(
              changes.auctions.map((a) => ({
                auction_id: a.auctionId,
                status: a.status,
                ends_at: a.endsAt,
                created_at: a.createdAt,
                sort_price: a.sortPrice,
              })),
            ),
          ],
        );
      for (const listing of changes.listings) {
        await tx.query(
          `INSERT INTO ${auctions} AS c (auction_id, title, seller_name) VALUES ($1, $2, $3)
           ON CONFLICT (auction_id) DO UPDATE SET title = excluded.title, seller_name = excluded.seller_name,
             listed = (c.status <> 'none')`,
          [listing.auctionId, listing.title, listing.sellerName],
        );
        await tx.query(`DELETE FROM ${words} WHERE auction_id = $1`, [listing.auctionId]);
        await tx.query(
          `INSERT INTO ${words} (word, auction_id, status, ends_at, created_at, sort_price)
           SELECT word, auction_id, status, ends_at, created_at, sort_price
           FROM ${auctions}, unnest($2::text[]) AS word WHERE auction_id = $1`,
          [listing.auctionId, [...new Set(wordsOf(listing.title))]],
        );
      }
      await saveBidderChanges(tx, changes.bidders);
    },

    list: (query, now) =>
      read(async (session) => {
        const { column, descending } = SORT_KEYS[query.sort];
        const key = COLUMN[column];
        const order = descending ? 'DESC' : 'ASC';
        const searched = await rarestFirst(session, query.words ?? []);
        // A search walks its rarest word's rows in the page's order (`t` = catalog_words), probing the
        // other words; a list walks the auctions' own index (`t` = catalog_auctions).
        const t = searched.length > 0 ? 'w' : 'a';
        const parameters: unknown[] = [];
        let sql = `SELECT a.auction_id, a.title, a.view, a.version, ${t}.${key} AS sort_value`;
        if (searched.length > 0) {
          parameters.push(searched[0]);
          sql += ` FROM ${words} w JOIN ${auctions} a ON a.auction_id = w.auction_id
            WHERE w.word = $1 AND w.status <> 'none'`;
          for (const word of searched.slice(1)) {
            parameters.push(word);
            sql += ` AND EXISTS (SELECT 1 FROM ${words} x WHERE x.word = $${parameters.length} AND x.auction_id = w.auction_id)`;
          }
        } else sql += ` FROM ${auctions} a WHERE a.listed`;
        const [statusSql, statusParameters] = statusWhere(query.status, now, t, parameters.length + 1);
        sql += statusSql;
        parameters.push(...statusParameters);
        if (query.after !== undefined) {
          parameters.push(query.after.value, query.after.auctionId);
          sql += ` AND (${t}.${key}, ${t}.auction_id) ${descending ? '<' : '>'} ($${parameters.length - 1}, $${parameters.length})`;
        }
        parameters.push(query.limit + 1);
        sql += ` ORDER BY ${t}.${key} ${order}, ${t}.auction_id ${order} LIMIT $${parameters.length}`;
        const { rows } = await session.query(sql, parameters);
        const listed = rows as ListedRow[];
        return { rows: listed.slice(0, query.limit).map(toListRow), more: listed.length > query.limit };
      }),

    sellerAuctions: (userId, limit, after) =>
      read(async (session) => {
        const parameters: unknown[] = [userId];
        let keyset = '';
        if (after !== undefined) {
          parameters.push(after.endsAt, after.auctionId);
          keyset = ' AND (ends_at, auction_id) > ($2, $3)';
        }
        parameters.push(limit + 1);
        const { rows } = await session.query(
          `SELECT auction_id, title, view, version, ends_at AS sort_value FROM ${auctions}
           WHERE listed AND seller_id = $1${keyset} ORDER BY ends_at, auction_id LIMIT $${parameters.length}`,
          parameters,
        );
        const listed = rows as ListedRow[];
        return { rows: listed.slice(0, limit).map(toListRow), more: listed.length > limit };
      }),

    bidsOf: (userId, limit, after) =>
      read(async (session) => {
        const parameters: unknown[] = [userId];
        let keyset = '';
        if (after !== undefined) {
          parameters.push(after.endsAt, after.auctionId);
          keyset = ' AND (a.ends_at, a.auction_id) > ($2, $3)';
        }
        parameters.push(limit + 1);
        const { rows } = await session.query(
          `SELECT a.auction_id, a.title, a.view, a.version, a.ends_at AS sort_value, b.amount, b.max_amount
           FROM ${bidders} b JOIN ${auctions} a ON a.auction_id = b.auction_id
           WHERE b.user_id = $1 AND a.view IS NOT NULL${keyset}
           ORDER BY a.ends_at, a.auction_id LIMIT $${parameters.length}`,
          parameters,
        );
        const own = rows as (ListedRow & { amount: string | null; max_amount: string | null })[];
        return {
          rows: own.slice(0, limit).map((row) => ({
            ...toListRow({ ...row, title: row.title ?? row.auction_id }),
            offer: ownOfferOfColumns(row),
          })),
          more: own.length > limit,
        };
      }),

    auctionDetail: (auctionId, userId) =>
      read(async (session) => {
        const found = await session.query(
          `SELECT auction_id, title, state, view, version, ends_at AS sort_value, seller_name, status
           FROM ${auctions} WHERE auction_id = $1 AND view IS NOT NULL`,
          [auctionId],
        );
        const row = found.rows[0] as
          | (ListedRow & { state: AuctionState; seller_name: string | null; status: string })
          | undefined;
        if (row === undefined || row.status === 'none') return null;
        const entries = await session.query(
          `SELECT entry FROM ${history} WHERE auction_id = $1 ORDER BY version`,
          [auctionId],
        );
        const bid =
          userId === null
            ? undefined
            : ((
                await session.query(
                  `SELECT amount, max_amount FROM ${bidders} WHERE user_id = $1 AND auction_id = $2`,
                  [userId, auctionId],
                )
              ).rows[0] as { amount: string | null; max_amount: string | null } | undefined);
        return {
          row: toListRow({ ...row, title: row.title ?? auctionId }),
          state: row.state,
          sellerName: row.seller_name ?? '',
          history: (entries.rows as { entry: PublicHistoryEntry }[]).map((entry) => entry.entry),
          offer: bid === undefined ? null : ownOfferOfColumns(bid),
        };
      }),

    biddersOf: async (tx, auctionId) => {
      const { rows } = await tx.query(`SELECT user_id FROM ${bidders} WHERE auction_id = $1`, [auctionId]);
      return (rows as { user_id: string }[]).map((row) => row.user_id);
    },

    saveNotifications: async (tx, list) => {
      if (list.length === 0) return;
      await tx.query(
        `WITH kept AS (
           INSERT INTO ${notifications} (id, user_id, auction_id, body)
           SELECT n.id, n.user_id, n.auction_id, n.body::jsonb
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS n(id, user_id, auction_id, body)
           ON CONFLICT (id) DO NOTHING
           RETURNING id, body
         )
         INSERT INTO ${outbox} (id, body) SELECT id, body FROM kept ON CONFLICT (id) DO NOTHING`,
        [
          list.map((n) => n.id),
          list.map((n) => n.userId),
          list.map((n) => n.auctionId),
          list.map((n) => JSON.stringify(n)),
        ],
      );
    },

    notificationsOf: (userId, limit) =>
      read(async (session) => {
        const { rows } = await session.query(
          `SELECT n.body, a.title FROM ${notifications} n LEFT JOIN ${auctions} a ON a.auction_id = n.auction_id
           WHERE n.user_id = $1 ORDER BY n.seq DESC LIMIT $2`,
          [userId, limit],
        );
        return (rows as { body: AuctionNotification; title: string | null }[]).map((row) => ({
          ...row.body,
          title: row.title,
        }));
      }),

    notificationsAfter: (seq, limit) =>
      read(async (session) => {
        const { rows } = await session.query(
          `SELECT n.seq, n.body, a.title FROM ${notifications} n LEFT JOIN ${auctions} a ON a.auction_id = n.auction_id
           WHERE n.seq > $1 ORDER BY n.seq LIMIT $2`,
          [seq, limit],
        );
        return (rows as { seq: string; body: AuctionNotification; title: string | null }[]).map((row) => ({
          seq: Number(row.seq),
          notification: { ...row.body, title: row.title },
        }));
      }),

    lastNotificationSeq: () =>
      read(async (session) => {
        const { rows } = await session.query(`SELECT coalesce(max(seq), 0) AS seq FROM ${notifications}`);
        return Number((rows[0] as { seq: string }).seq);
      }),

    unmailed: (limit) =>
      read(async (session) => {
        const { rows } = await session.query(
          `SELECT body FROM ${outbox} WHERE mailed_at IS NULL ORDER BY id LIMIT $1`,
          [limit],
        );
        return (rows as { body: AuctionNotification }[]).map((row) => row.body);
      }),

    markMailed: (ids, at) =>
      read(async (session) => {
        await session.query(`UPDATE ${outbox} SET mailed_at = $2 WHERE id = ANY($1::text[])`, [ids, at]);
      }),

    openAuctions: (now, limit) =>
      read(async (session) => {
        const { rows } = await session.query(
          `SELECT auction_id, title, state, view, version, ends_at AS sort_value FROM ${auctions}
           WHERE listed AND status = 'open' AND ends_at > $1 ORDER BY ends_at, auction_id LIMIT $2`,
          [now, limit],
        );
        return (rows as (ListedRow & { state: AuctionState })[]).map((row) => ({
          ...toListRow(row),
          state: row.state,
        }));
      }),

    clear: () =>
      read(async (session) => {
        await session.query(
          `TRUNCATE ${auctions}, ${words}, ${bidders}, ${bids}, ${history}, ${notifications}, ${outbox}`,
        );
      }),

    close: async () => {},
  };
};
