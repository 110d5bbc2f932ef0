import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The auction house's settings, read from the environment. */
export interface AuctionHouseConfig {
  /** TCP port. `PORT`, default 3000 (0 picks a free one). */
  readonly port: number;
  /** Interface to listen on. `HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** Where events live. `GAVEL_STORE`, default `sqlite:./data/gavel.db` (relative to the example's folder). */
  readonly store: string;
  /** Signs session cookies and keys the masking of bidder ids. `GAVEL_SECRET`, random per start when unset. */
  readonly secret: string;
  /** True when `GAVEL_SECRET` was unset and {@link secret} is a random one. */
  readonly secretIsRandom: boolean;
  /** Demo auctions and simulated bidders; `GAVEL_DEMO=off` turns them off. */
  readonly demo: boolean;
  /** pino level. `LOG_LEVEL`, default `info`. */
  readonly logLevel: string;
}

/** The default store: a SQLite file in the example's `data/` folder, created on first run. */
export const DEFAULT_STORE = 'sqlite:./data/gavel.db';

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  GAVEL_STORE: z.string().min(1).default(DEFAULT_STORE),
  GAVEL_SECRET: z.string().min(1).optional(),
  GAVEL_DEMO: z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'must be on or off' }).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

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
    secret: values.GAVEL_SECRET ?? randomBytes(32).toString('base64url'),
    secretIsRandom: values.GAVEL_SECRET === undefined,
    demo: values.GAVEL_DEMO === 'on' || values.GAVEL_DEMO === 'true' || values.GAVEL_DEMO === '1',
    logLevel: values.LOG_LEVEL,
  };
};
