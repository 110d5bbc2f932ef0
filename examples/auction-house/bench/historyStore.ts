/**
 * Bench-only: a SQLite store holding the history of `auctions` auctions as the auction house writes it,
 * built once and kept in a cache folder between runs (keyed by size and by {@link HISTORY_VERSION}).
 *
 * Each auction has its listing stream (`AuctionListed`, as `recordListing` writes it) and its auction
 * stream: `AuctionOpened`, 4 to 12 bids (proxies and straight bids by 2 to 5 of the users, each
 * accepted by `decide` at its time) and, for 9 auctions in 10, `AuctionClosed` at its end. Closed
 * auctions ended in the past (up to 30 days ago); open ones (every tenth) end 7 to 14 days from the
 * build. Histories are decided in memory with the pure decider (`core/bench/auctionHistories.ts`) and
 * each stream is written in one `appendToStream`, 500 appends at a time so that the store's group
 * commit batches them: about 10.9 events per auction.
 *
 * A cached store also holds what the first run of the auction house wrote (its catalog's tables), so it
 * is built again when the catalog's code changed since ({@link catalogFingerprint}).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auctionStreamName } from '@gavel/core';
import { getSqliteEventStore } from '@gavel/sqlite';
import { decideAuctionHistory, seededRandom } from '../../../packages/core/bench/auctionHistories';
import { listingStreamName } from '../src/streams/listingStream';

/** Changes whenever what a history holds changes, so that an older cached store is built again. */
export const HISTORY_VERSION = 1;
/** A cached store is built again after this long: its open auctions must still be open (they end 7+ days after the build). */
const MAX_AGE_MS = 4 * 86_400_000;
const DAY = 86_400_000;
/** Streams appended at once (two per auction). */
const WAVE_AUCTIONS = 250;

/** What is kept beside a cached store. */
export interface HistoryMeta {
  readonly version: number;
  /** The {@link catalogFingerprint} of the code that built it. */
  readonly catalog: string;
  readonly auctions: number;
  readonly openAuctions: number;
  readonly events: number;
  readonly builtAt: number;
  readonly buildMs: number;
  /** An auction still open (for the feed's subscribe). */
  readonly openAuctionId: string;
  /** The first start of the auction house on the store (its catalog and closer caught up with the whole history). */
  readonly firstRun?: { readonly ms: number; readonly at: number };
}

/** A cached store: its file and what it holds. */
export interface HistoryStore {
  readonly path: string;
  readonly meta: HistoryMeta;
  /** Records the first run in the meta file. */
  recordFirstRun(ms: number): HistoryStore;
}

/** The cache folder: BENCH_CACHE_DIR, default `<tmp>/gavel-startup-bench`. */
export const cacheDir = (): string => process.env.BENCH_CACHE_DIR ?? join(tmpdir(), 'gavel-startup-bench');

/** A digest of the catalog's code (`src/readModels/catalog/*.ts` but tests), which decides the tables a first run writes. */
export const catalogFingerprint = (): string => {
  const dir = fileURLToPath(new URL('../src/readModels/catalog/', import.meta.url));
  const hash = createHash('sha256');
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.ts') && !name.includes('.spec.'))
    .sort())
    hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 12);
};

const auctionIdOf = (n: number): string => `a_${n.toString(36).padStart(12, '0')}`;
const userIdOf = (n: number): string => `u_${n.toString(36).padStart(16, '0')}`;
const WORDS = ['Vintage', 'Brass', 'Oak', 'Silver', 'Rare', 'Signed', 'Antique', 'Boxed', 'Mint', 'Old'];
const THINGS = ['compass', 'clock', 'camera', 'chair', 'lamp', 'print', 'guitar', 'watch', 'atlas', 'vase'];

const removeStore = (path: string): void => {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}.json`]) rmSync(file, { force: true });
};

const handle = (path: string, meta: HistoryMeta): HistoryStore => ({
  path,
  meta,
  recordFirstRun: (ms) => {
    const next: HistoryMeta = { ...meta, firstRun: { ms, at: Date.now() } };
    writeFileSync(`${path}.json`, `${JSON.stringify(next, null, 2)}\n`);
    return handle(path, next);
  },
});

/** Builds the store of `auctions` auctions (see the file's comment) at `path`; answers its meta. */
const build = async (path: string, auctions: number): Promise<HistoryMeta> => {
  if (auctions < 10) throw new Error(`a history store needs at least 10 auctions, not ${auctions}`);
  const startedAt = performance.now();
  const now = Date.now();
  const random = seededRandom(auctions);
  const users = Math.max(50, Math.floor(auctions / 5));
  const store = getSqliteEventStore({ path });
  let events = 0;
  let openAuctions = 0;
  try {
    for (let first = 0; first < auctions; first += WAVE_AUCTIONS) {
      const appends: Promise<unknown>[] = [];
      for (let n = first; n < Math.min(auctions, first + WAVE_AUCTIONS); n++) {
        const auctionId = auctionIdOf(n);
        const open = n % 10 === 9;
        const endsAt = open
          ? now + 7 * DAY + Math.floor(random() * 7 * DAY)
          : now - 3_600_000 - Math.floor(random() * 30 * DAY);
        const openAt = open
          ? now - 120_000 - Math.floor(random() * 3 * DAY)
          : endsAt - DAY - Math.floor(random() * 6 * DAY);
        const seller = Math.floor(random() * users);
        // 2 to 5 distinct users, never the seller (users >= 50, offsets 1..38).
        const offset = 1 + Math.floor(random() * 10);
        const bidders = Array.from({ length: 2 + Math.floor(random() * 4) }, (_, k) =>
          userIdOf((seller + offset + 7 * k) % users),
        );
        const startingPrice = 100 * (1 + Math.floor(random() * 100));
        const history = decideAuctionHistory(
          {
            auctionId,
            sellerId: userIdOf(seller),
            openAt,
            endsAt,
            bids: 4 + Math.floor(random() * 9),
            bidsUntil: open ? now - 60_000 : endsAt,
            bidders,
            startingPrice,
            ...(random() < 0.3 ? { reservePrice: startingPrice * (3 + Math.floor(random() * 8)) } : {}),
            ...(open ? {} : { closeAt: endsAt + Math.floor(random() * 1_500) }),
          },
          random,
        );
        const title = `${WORDS[n % WORDS.length]} ${THINGS[Math.floor(n / WORDS.length) % THINGS.length]} no. ${n}`;
        const listing = {
          type: 'AuctionListed',
          data: { auctionId, title, sellerName: `Seller ${seller}`, at: openAt },
        };
        appends.push(
          store.appendToStream(listingStreamName(auctionId), [listing], { expectedVersion: 'no_stream' }),
          store.appendToStream(auctionStreamName(auctionId), history, { expectedVersion: 'no_stream' }),
        );
        events += 1 + history.length;
        if (open) openAuctions++;
      }
      await Promise.all(appends);
      if (first % 20_000 === 0 && first > 0)
        process.stderr.write(`  built ${first} of ${auctions} auctions (${events} events)\n`);
    }
  } finally {
    await store.close();
  }
  return {
    version: HISTORY_VERSION,
    catalog: catalogFingerprint(),
    auctions,
    openAuctions,
    events,
    builtAt: now,
    buildMs: performance.now() - startedAt,
    openAuctionId: auctionIdOf(9),
  };
};

/**
 * The cached store of `auctions` auctions: reused when it was built completely (its meta file is written
 * last) less than four days ago, by this version and this catalog code; else built again (`rebuild`
 * forces it).
 */
export const historyStore = async (auctions: number, rebuild = false): Promise<HistoryStore> => {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `history-${auctions}-v${HISTORY_VERSION}.db`);
  const metaPath = `${path}.json`;
  if (!rebuild && existsSync(metaPath) && existsSync(path)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as HistoryMeta;
    const stale =
      meta.version !== HISTORY_VERSION
        ? 'an older history version'
        : meta.catalog !== catalogFingerprint()
          ? 'other catalog code (src/readModels/catalog changed since its first run)'
          : Date.now() - meta.builtAt >= MAX_AGE_MS
            ? 'older than four days (its open auctions end 7 days after the build)'
            : null;
    if (stale === null) return handle(path, meta);
    process.stderr.write(`  the cached store of ${auctions} auctions is built again: ${stale}\n`);
  }
  removeStore(path);
  const meta = await build(path, auctions);
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return handle(path, meta);
};
