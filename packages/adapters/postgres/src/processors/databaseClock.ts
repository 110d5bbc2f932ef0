/**
 * The lease clock, in SQL: the database server's clock (`clock_timestamp()`, not the transaction's
 * start) in whole epoch milliseconds. Every process on every host reads leases by this one clock, so
 * their own clocks' drift never gives a partition two owners. Evaluate it once per statement (as a
 * `MATERIALIZED` CTE), so that every row of the statement is judged at the same instant.
 */
export const DATABASE_NOW_MS = 'floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
