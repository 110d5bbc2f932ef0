import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Libsql from 'libsql';

/** A request to charge the buyer of a sold auction: one per auction, whatever happens. */
export interface PaymentRequest {
  readonly auctionId: string;
  readonly buyerId: string;
  /** The sale price, in minor units. */
  readonly amount: number;
  /** When the auction closed (epoch ms). */
  readonly closedAt: number;
  /** The event that caused it: `<streamName>@<streamVersion>`. */
  readonly event: string;
}

/** The payment requests, in a SQLite file of the payments service's own. */
export interface PaymentRequests {
  /** Records a request: true when it is new, false when the auction had one already (a redelivery). */
  record(request: PaymentRequest): boolean;
  /** Every request, by auction id. */
  list(): PaymentRequest[];
  close(): void;
}

/**
 * Opens (or creates) the payments database. The table is keyed by auction id, so recording the same
 * auction's request twice (JetStream delivers again what was not acknowledged before a crash) leaves
 * one row: the effect is idempotent, and the service needs no other bookkeeping.
 */
export const openPaymentRequests = (path: string): PaymentRequests => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Libsql(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS payment_requests (
    auction_id TEXT PRIMARY KEY,
    buyer_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    closed_at INTEGER NOT NULL,
    event TEXT NOT NULL,
    requested_at INTEGER NOT NULL
  )`);
  const insert = db.prepare(
    `INSERT INTO payment_requests (auction_id, buyer_id, amount, closed_at, event, requested_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (auction_id) DO NOTHING`,
  );
  const select = db.prepare(
    'SELECT auction_id, buyer_id, amount, closed_at, event FROM payment_requests ORDER BY auction_id',
  );
  return {
    record: (request) =>
      insert.run(
        request.auctionId,
        request.buyerId,
        request.amount,
        request.closedAt,
        request.event,
        Date.now(),
      ).changes === 1,
    list: () =>
      (select.all() as Record<string, unknown>[]).map((row) => ({
        auctionId: String(row.auction_id),
        buyerId: String(row.buyer_id),
        amount: Number(row.amount),
        closedAt: Number(row.closed_at),
        event: String(row.event),
      })),
    close: () => db.close(),
  };
};
