import type pg from 'pg';

/** The classic design the benchmark compares against: one row per auction, locked per bid. */
export interface RowLockBaseline {
  /** Creates `count` auctions; returns their ids. */
  readonly openAuctions: (prefix: string, count: number) => Promise<string[]>;
  /**
   * One bid, one transaction: lock the auction row, check, update it, insert the bid, commit. With
   * `amount` null the bid is for exactly the minimum next bid read under the lock, so it never loses to
   * another caller's ordering (which flatters the baseline: no wasted transactions).
   */
  readonly placeBid: (
    auctionId: string,
    bidderId: string,
    amount: number | null,
    bidId: string,
  ) => Promise<boolean>;
}

const INCREMENT = 50;

/** Creates the baseline's tables in `schema` (which must exist) and returns its operations. */
export const createRowLockBaseline = async (pool: pg.Pool, schema: string): Promise<RowLockBaseline> => {
  await pool.query(`
    CREATE TABLE "${schema}".auctions (
      id text PRIMARY KEY, seller_id text NOT NULL, price bigint, leader_id text,
      starting_price bigint NOT NULL, ends_at timestamptz NOT NULL, bid_count integer NOT NULL DEFAULT 0);
    CREATE TABLE "${schema}".bids (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, auction_id text NOT NULL REFERENCES "${schema}".auctions,
      bid_id text NOT NULL UNIQUE, bidder_id text NOT NULL, amount bigint NOT NULL,
      placed_at timestamptz NOT NULL DEFAULT now());`);

  const openAuctions = async (prefix: string, count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    await pool.query(
      `INSERT INTO "${schema}".auctions (id, seller_id, starting_price, ends_at)
       SELECT id, 'seller', 100, now() + interval '1 hour' FROM unnest($1::text[]) id`,
      [ids],
    );
    return ids;
  };

  const placeBid = async (
    auctionId: string,
    bidderId: string,
    requested: number | null,
    bidId: string,
  ): Promise<boolean> => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{
        price: string | null;
        leader_id: string | null;
        starting_price: string;
        open: boolean;
      }>(
        `SELECT price, leader_id, starting_price, ends_at > now() AS open FROM "${schema}".auctions WHERE id = $1 FOR UPDATE`,
        [auctionId],
      );
      const auction = rows[0];
      const minimum =
        auction?.price == null ? Number(auction?.starting_price) : Number(auction.price) + INCREMENT;
      const amount = requested ?? minimum;
      if (auction === undefined || !auction.open || auction.leader_id === bidderId || amount < minimum) {
        await client.query('ROLLBACK');
        return false;
      }
      await client.query(
        `UPDATE "${schema}".auctions SET price = $2, leader_id = $3, bid_count = bid_count + 1 WHERE id = $1`,
        [auctionId, amount, bidderId],
      );
      await client.query(
        `INSERT INTO "${schema}".bids (auction_id, bid_id, bidder_id, amount) VALUES ($1, $2, $3, $4)`,
        [auctionId, bidId, bidderId, amount],
      );
      await client.query('COMMIT');
      return true;
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failure);
    }
  };

  return { openAuctions, placeBid };
};
