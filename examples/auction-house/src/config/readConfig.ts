import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_LIST_PAGE_TTL_MS } from '../http/listPages/createListPageCache';
import { type AuctionHouseLimits, DEFAULT_LIMITS, MIN_BIDS_PER_SECOND } from './limits';

/** The auction house's settings, read from the environment. */
export interface AuctionHouseConfig {
  /** TCP port. `PORT`, default 3000 (0 picks a free one). */
  readonly port: number;
  /** Interface to listen on. `HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** Where events live. `GAVEL_STORE`, default `sqlite:./data/gavel.db` (relative to the example's folder). */
  readonly store: string;
  /**
   * Where the catalog lives when the store is EventStoreDB (a SQL database: `sqlite:<path>` or
   * `postgres://…`). `GAVEL_READ_STORE`, default `sqlite:./data/read.db`. Other stores keep it in their own database.
   */
  readonly readStore: string;
  /** Signs session cookies and keys the masking of bidder ids. `GAVEL_SECRET`, random per start when unset. */
  readonly secret: string;
  /** True when `GAVEL_SECRET` was unset and {@link secret} is a random one. */
  readonly secretIsRandom: boolean;
  /** Demo auctions and simulated bidders; `GAVEL_DEMO=off` turns them off. */
  readonly demo: boolean;
  /** pino level. `LOG_LEVEL`, default `info`. */
  readonly logLevel: string;
  /** What one person, one address or the server may use; see {@link AuctionHouseLimits} for each variable. */
  readonly limits: AuctionHouseLimits;
  /** `GAVEL_REDIS` (`redis://…` or `rediss://…`): the rate limits' counters, shared by every instance on it. Unset: each instance counts alone. */
  readonly redisUrl: string | undefined;
  /**
   * `GAVEL_TRUST_PROXY`: the reverse proxies whose `X-Forwarded-For` names the client address (a hop
   * count, or addresses and subnets separated by commas). Unset: the client address is the TCP peer's.
   */
  readonly trustProxy: number | string | false;
  /**
   * `GAVEL_STATS_TOKEN`: when set, `GET /api/stats` answers the processors' and the feed's counters to a
   * request with `Authorization: Bearer <token>` (for operators and the load script). Unset: no such route.
   */
  readonly statsToken: string | undefined;
  /**
   * `GAVEL_LIST_CACHE_MS`: how long an answer of `GET /api/auctions` is served again to the same query
   * unless this instance's catalog commits first (changes committed by another instance's catalog are
   * listed within it); 0 turns the cache off. Default 100, at most 60 000.
   */
  readonly listCacheMs: number;
}

/** The default read store of an `esdb://` store: a SQLite file beside the default store. */
export const DEFAULT_READ_STORE = 'sqlite:./data/read.db';

/** The default store: a SQLite file in the example's `data/` folder, created on first run. */
export const DEFAULT_STORE = 'sqlite:./data/gavel.db';

/** A whole number from `least` up, from an environment variable. */
const count = (least: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(least, `must be at least ${least}`)
    .max(Number.MAX_SAFE_INTEGER, 'is too large');

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  GAVEL_STORE: z.string().min(1).default(DEFAULT_STORE),
  GAVEL_READ_STORE: z.string().min(1).default(DEFAULT_READ_STORE),
  GAVEL_SECRET: z.string().min(1).optional(),
  GAVEL_DEMO: z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' }).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GAVEL_SESSION_TTL_MS: count(1000).default(DEFAULT_LIMITS.sessionTtlMs),
  GAVEL_SIGNIN_PER_MINUTE: count(1).default(DEFAULT_LIMITS.signInsPerMinute),
  GAVEL_AUCTIONS_PER_HOUR: count(1).default(DEFAULT_LIMITS.auctionsPerHour),
  GAVEL_AUCTIONS_PER_HOUR_PER_ADDRESS: count(1).default(DEFAULT_LIMITS.auctionsPerHourPerAddress),
  GAVEL_BIDS_PER_SECOND: count(MIN_BIDS_PER_SECOND).default(DEFAULT_LIMITS.bidsPerSecond),
  GAVEL_REQUEST_TIMEOUT_MS: count(100)
    .max(3_600_000, 'must be at most 3600000')
    .default(DEFAULT_LIMITS.requestTimeoutMs),
  GAVEL_MAX_CONNECTIONS: count(1).default(DEFAULT_LIMITS.maxConnections),
  GAVEL_MAX_CONNECTIONS_PER_ADDRESS: count(1).default(DEFAULT_LIMITS.maxConnectionsPerAddress),
  GAVEL_FEED_MAX_CONNECTIONS: count(1).default(DEFAULT_LIMITS.feedMaxConnections),
  GAVEL_FEED_MAX_CONNECTIONS_PER_ADDRESS: count(1).default(DEFAULT_LIMITS.feedMaxConnectionsPerAddress),
  GAVEL_REDIS: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  GAVEL_LIST_CACHE_MS: count(0).max(60_000, 'must be at most 60000').default(DEFAULT_LIST_PAGE_TTL_MS),
  GAVEL_STATS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  GAVEL_TRUST_PROXY: z
    .string()
    .regex(
      /^(\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/,
      'must be a hop count or addresses and subnets separated by commas',
    )
    .optional(),
});

const trustProxyOf = (value: string | undefined): number | string | false => {
  if (value === undefined) return false;
  return /^\d+$/.test(value) ? Number(value) : value.replace(/\s+/g, '');
};

/**
 * Reads the configuration from environment variables (empty values count as unset).
 * @throws Error naming the first bad variable.
 */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): AuctionHouseConfig => {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'environment')}: ${issue?.message ?? 'invalid'}`);
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    store: values.GAVEL_STORE,
    readStore: values.GAVEL_READ_STORE,
    secret: values.GAVEL_SECRET ?? randomBytes(32).toString('base64url'),
    secretIsRandom: values.GAVEL_SECRET === undefined,
    demo: values.GAVEL_DEMO === 'on' || values.GAVEL_DEMO === 'true' || values.GAVEL_DEMO === '1',
    logLevel: values.LOG_LEVEL,
    limits: {
      sessionTtlMs: values.GAVEL_SESSION_TTL_MS,
      signInsPerMinute: values.GAVEL_SIGNIN_PER_MINUTE,
      auctionsPerHour: values.GAVEL_AUCTIONS_PER_HOUR,
      auctionsPerHourPerAddress: values.GAVEL_AUCTIONS_PER_HOUR_PER_ADDRESS,
      bidsPerSecond: values.GAVEL_BIDS_PER_SECOND,
      requestTimeoutMs: values.GAVEL_REQUEST_TIMEOUT_MS,
      maxConnections: values.GAVEL_MAX_CONNECTIONS,
      maxConnectionsPerAddress: values.GAVEL_MAX_CONNECTIONS_PER_ADDRESS,
      feedMaxConnections: values.GAVEL_FEED_MAX_CONNECTIONS,
      feedMaxConnectionsPerAddress: values.GAVEL_FEED_MAX_CONNECTIONS_PER_ADDRESS,
    },
    redisUrl: values.GAVEL_REDIS,
    trustProxy: trustProxyOf(values.GAVEL_TRUST_PROXY),
    statsToken: values.GAVEL_STATS_TOKEN,
    listCacheMs: values.GAVEL_LIST_CACHE_MS,
  };
};
