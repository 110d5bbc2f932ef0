import { openDatabase } from '../src/database';

type Drive = (
  callers: number,
  bid: (caller: number) => Promise<boolean>,
) => Promise<{ bidsPerSecond: number; p50: number; p99: number }>;

/**
 * The classic design, for comparison: one row per auction holding its price and leader; each bid is
 * one transaction (`BEGIN IMMEDIATE`, the SQLite form of `SELECT … FOR UPDATE`), reads the row, checks
 * the amount, updates the row, inserts the bid, commits. Same durability (WAL, synchronous=FULL).
 */
export const rowLockBaseline = async (path: string, auctions: number, callers: number, drive: Drive) => {
  const db = openDatabase({ path, synchronous: 'full', busyTimeoutMs: 5_000 });
  db.exec(`CREATE TABLE auctions (id TEXT PRIMARY KEY, price INTEGER NOT NULL, leader TEXT) STRICT;
           CREATE TABLE bids (id INTEGER PRIMARY KEY, auction_id TEXT NOT NULL, bidder_id TEXT NOT NULL, amount INTEGER NOT NULL, at INTEGER NOT NULL) STRICT;`);
  const insertAuction = db.prepare('INSERT INTO auctions (id, price) VALUES (?, 100)');
  for (let n = 0; n < auctions; n++) insertAuction.run(`bench-${n}`);
  const select = db.prepare('SELECT price FROM auctions WHERE id = ?').raw(true);
  const update = db.prepare('UPDATE auctions SET price = ?, leader = ? WHERE id = ?');
  const insertBid = db.prepare('INSERT INTO bids (auction_id, bidder_id, amount, at) VALUES (?, ?, ?, ?)');
  let next = 0;
  try {
    return await drive(callers, async (caller) => {
      const auctionId = `bench-${next++ % auctions}`;
      db.exec('BEGIN IMMEDIATE');
      try {
        const price = (select.get(auctionId) as [number])[0];
        const amount = price + 1;
        update.run(amount, `bidder-${caller}`, auctionId);
        insertBid.run(auctionId, `bidder-${caller}`, amount, Date.now());
        db.exec('COMMIT');
        return true;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    });
  } finally {
    db.close();
  }
};
