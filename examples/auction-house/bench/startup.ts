/**
 * Start-up that does not grow with history: the auction house, its closer alone and its feed alone,
 * started on a SMALL and a LARGE SQLite store that its processors have already caught up with.
 *
 * 1. Two stores (cached between runs, see `historyStore.ts`): SMALL, 100 auctions (about 1 100 events),
 *    and LARGE, 100 000 auctions (about 1.1 million events), 9 in 10 closed.
 * 2. A first run on each: the auction house (`scripts/start.mjs`, GAVEL_DEMO=off) is started once and
 *    stopped (SIGTERM) once it printed its start line, which it does after its catalog and closer have
 *    caught up: on LARGE the catalog folds the whole history then. Its time is reported (and cached
 *    with the store).
 * 3. Then, SMALL and LARGE alternating, `runs` times each: a fresh server process from spawn to its start
 *    line and to the first 200 answer of `GET /api/auctions`, and its RSS right after that answer
 *    (`/proc/<pid>/status` VmRSS; `start.mjs` runs the server in its own process); then, each in a fresh
 *    child process (`componentStart.ts`), the closer alone (`start()`), the catalog alone (`start()`)
 *    and the feed alone (until a subscribe answers its snapshot).
 * Reports medians and ranges, LARGE ÷ SMALL of the medians (target ≤ 1.25) and the RSS difference
 * (target ≤ 50 MB). Run: `pnpm --filter auction-house bench:startup` (BENCH_QUICK=1: LARGE of 1 800
 * auctions, 2 runs; BENCH_RUNS, BENCH_SMALL_AUCTIONS, BENCH_LARGE_AUCTIONS, BENCH_REBUILD=1 or
 * `--rebuild`, BENCH_CACHE_DIR; `--json <file>` or BENCH_JSON).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sleep } from '@gavel/core';
import {
  fixed,
  loadAverage,
  machineLine,
  markdownTable,
  medianAndRange,
  quick,
  type Spread,
  sizeSetting,
  spread,
  whole,
  writeJsonResults,
} from '../../../packages/core/bench/benchRuns';
import { cacheDir, type HistoryStore, historyStore } from './historyStore';

const example = fileURLToPath(new URL('..', import.meta.url));
const startScript = join(example, 'scripts', 'start.mjs');
const componentScript = fileURLToPath(new URL('./componentStart.ts', import.meta.url));

const settings = {
  runs: sizeSetting('runs', 'BENCH_RUNS', 5, 2),
  smallAuctions: sizeSetting('small-auctions', 'BENCH_SMALL_AUCTIONS', 100, 100),
  largeAuctions: sizeSetting('large-auctions', 'BENCH_LARGE_AUCTIONS', 100_000, 1_800),
  rebuild: process.argv.includes('--rebuild') || process.env.BENCH_REBUILD === '1',
  firstRunTimeoutMs: sizeSetting('first-run-timeout-s', 'BENCH_FIRST_RUN_TIMEOUT_S', 7_200, 600) * 1000,
};
const RUN_TIMEOUT_MS = 120_000;

/** The environment of every server started here: no demo, a fixed secret, a free port, quiet logs. */
const serverEnv = (path: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    GAVEL_STORE: `sqlite:${path}`,
    GAVEL_DEMO: 'off',
    GAVEL_SECRET: 'startup-bench-secret',
    LOG_LEVEL: 'warn',
  };
  // start.mjs watches its parent when started by a package manager; here this process is its parent.
  delete env.npm_lifecycle_event;
  return env;
};

const rssMbOf = (pid: number): number =>
  Number(/VmRSS:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;

/** The status and row count of one GET of the list. */
const getList = (url: string): Promise<{ status: number; rows: number }> =>
  new Promise((resolve, reject) => {
    http
      .get(`${url}/api/auctions`, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          const rows = response.statusCode === 200 ? (JSON.parse(body).auctions?.length ?? 0) : 0;
          resolve({ status: response.statusCode ?? 0, rows });
        });
      })
      .on('error', reject);
  });

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/** One start of the auction house: spawn → start line → first 200 of the list, RSS then; stopped after. */
interface HouseRun {
  readonly toStartLineMs: number;
  readonly toFirstListMs: number;
  readonly rssMb: number;
  readonly rows: number;
  readonly exitCode: number | null;
  /**
   * What `start.mjs` did before starting the server, which the times then include: bundling the page
   * (`web/` newer than `dist/app.js`) or building a package whose `dist` was missing.
   */
  readonly prepared: readonly string[];
}

const startHouse = async (store: HistoryStore, timeoutMs: number): Promise<HouseRun> => {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [startScript], {
    cwd: example,
    env: serverEnv(store.path),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line within ${timeoutMs} ms`)), timeoutMs);
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const match = /Gavel auction house on (\S+)/.exec(line);
        if (match?.[1] === undefined) return;
        clearTimeout(timer);
        resolve(match[1]);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before its start line: ${stderr.trim()}`));
      });
    });
    const toStartLineMs = performance.now() - spawnedAt;
    let list = await getList(url).catch(() => ({ status: 0, rows: 0 }));
    while (list.status !== 200) {
      if (performance.now() - spawnedAt > timeoutMs)
        throw new Error(`GET /api/auctions answered ${list.status}`);
      await sleep(5);
      list = await getList(url).catch(() => ({ status: 0, rows: 0 }));
    }
    const toFirstListMs = performance.now() - spawnedAt;
    const rssMb = rssMbOf(child.pid as number);
    child.kill('SIGTERM');
    const exitCode = await exitOf(child);
    if (exitCode !== 0) console.error(`  the server exited with ${exitCode} after SIGTERM: ${stderr.trim()}`);
    const prepared = [...stderr.matchAll(/auction house: (bundling the page|building \S+)/g)].map(
      (match) => match[1] as string,
    );
    return { toStartLineMs, toFirstListMs, rssMb, rows: list.rows, exitCode, prepared };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
};

/** One part started alone in a fresh child process (`componentStart.ts`): its JSON line. */
const startComponent = async (
  part: 'closer' | 'catalog' | 'feed',
  store: HistoryStore,
): Promise<{ openMs: number; startMs: number; rssMb: number; openAuctions?: number }> => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', componentScript, part, store.path, store.meta.openAuctionId],
    { cwd: example, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const code = await exitOf(child);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the ${part} child failed (${code}): ${stderr.trim()}`);
  return JSON.parse(out.trim().split('\n').at(-1) as string);
};

/** The first start on a store: from spawn to the start line (catalog and closer caught up), cached. */
const firstRun = async (label: string, store: HistoryStore): Promise<HistoryStore> => {
  if (store.meta.firstRun !== undefined) {
    console.error(
      `${label}: first run already done when the store was built (${fixed(store.meta.firstRun.ms / 1000)} s)`,
    );
    return store;
  }
  console.error(
    `${label}: first run (the catalog folds ${whole(store.meta.events)} events; this takes a while on LARGE)`,
  );
  const run = await startHouse(store, settings.firstRunTimeoutMs);
  return store.recordFirstRun(run.toStartLineMs);
};

const main = async (): Promise<void> => {
  console.log(machineLine());
  console.log(`Stores cached in ${cacheDir()}${quick ? ' — QUICK run' : ''}`);
  const stores: Record<'SMALL' | 'LARGE', HistoryStore> = {} as never;
  for (const [label, auctions] of [
    ['SMALL', settings.smallAuctions],
    ['LARGE', settings.largeAuctions],
  ] as const) {
    console.error(`${label}: ${whole(auctions)} auctions`);
    const built = await historyStore(auctions, settings.rebuild);
    stores[label] = await firstRun(label, built);
  }
  const labels = ['SMALL', 'LARGE'] as const;
  const samples = {
    SMALL: {
      house: [] as HouseRun[],
      closer: [] as number[],
      catalog: [] as number[],
      feed: [] as number[],
      closerOpen: 0,
    },
    LARGE: {
      house: [] as HouseRun[],
      closer: [] as number[],
      catalog: [] as number[],
      feed: [] as number[],
      closerOpen: 0,
    },
  };
  for (let run = 1; run <= settings.runs; run++) {
    for (const label of labels) {
      const house = await startHouse(stores[label], RUN_TIMEOUT_MS);
      samples[label].house.push(house);
      console.error(
        `run ${run} ${label} (load ${loadAverage()}): start line ${whole(house.toStartLineMs)} ms, first list ${whole(house.toFirstListMs)} ms (${house.rows} rows), RSS ${fixed(house.rssMb)} MB`,
      );
      if (house.prepared.length > 0)
        console.error(
          `  warning: start.mjs was ${house.prepared.join(', ')} before it started: this run's times include it`,
        );
    }
    for (const label of labels) {
      const closer = await startComponent('closer', stores[label]);
      const catalog = await startComponent('catalog', stores[label]);
      const feed = await startComponent('feed', stores[label]);
      samples[label].closer.push(closer.startMs);
      samples[label].catalog.push(catalog.startMs);
      samples[label].feed.push(feed.startMs);
      samples[label].closerOpen = closer.openAuctions ?? 0;
      console.error(
        `run ${run} ${label}: closer start ${whole(closer.startMs)} ms (${closer.openAuctions} open auctions), catalog start ${whole(catalog.startMs)} ms, feed to snapshot ${whole(feed.startMs)} ms`,
      );
    }
  }

  const of = (label: 'SMALL' | 'LARGE', pick: (run: HouseRun) => number): Spread =>
    spread(samples[label].house.map(pick));
  const rows: { what: string; small: Spread; large: Spread; unit: 'ms' | 'MB'; target: string }[] = [
    {
      what: 'auction house: spawn → start line',
      small: of('SMALL', (r) => r.toStartLineMs),
      large: of('LARGE', (r) => r.toStartLineMs),
      unit: 'ms',
      target: 'ratio ≤ 1.25',
    },
    {
      what: 'auction house: spawn → first 200 of GET /api/auctions',
      small: of('SMALL', (r) => r.toFirstListMs),
      large: of('LARGE', (r) => r.toFirstListMs),
      unit: 'ms',
      target: 'ratio ≤ 1.25',
    },
    {
      what: 'auction house: RSS right after that answer',
      small: of('SMALL', (r) => r.rssMb),
      large: of('LARGE', (r) => r.rssMb),
      unit: 'MB',
      target: 'difference ≤ 50 MB',
    },
    {
      what: 'closer alone: start()',
      small: spread(samples.SMALL.closer),
      large: spread(samples.LARGE.closer),
      unit: 'ms',
      target: '(no target)',
    },
    {
      what: 'catalog alone: start()',
      small: spread(samples.SMALL.catalog),
      large: spread(samples.LARGE.catalog),
      unit: 'ms',
      target: '(no target)',
    },
    {
      what: 'feed alone: create → first snapshot',
      small: spread(samples.SMALL.feed),
      large: spread(samples.LARGE.feed),
      unit: 'ms',
      target: '(no target)',
    },
  ];
  const first = (store: HistoryStore): string =>
    store.meta.firstRun === undefined ? '–' : `${fixed(store.meta.firstRun.ms / 1000)} s`;
  console.log('');
  console.log(
    markdownTable(
      ['store', 'auctions (open)', 'events', 'built in', 'first run: spawn → start line'],
      labels.map((label) => [
        label,
        `${whole(stores[label].meta.auctions)} (${whole(stores[label].meta.openAuctions)})`,
        whole(stores[label].meta.events),
        `${fixed(stores[label].meta.buildMs / 1000)} s`,
        first(stores[label]),
      ]),
      [false, true, true, true, true],
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      [
        `after a first run, ${settings.runs} runs each`,
        'SMALL median (range)',
        'LARGE median (range)',
        'LARGE ÷ SMALL (medians)',
        'LARGE − SMALL (medians)',
        'target',
      ],
      rows.map((row) => {
        const show = row.unit === 'MB' ? (v: number) => fixed(v) : whole;
        return [
          `${row.what} (${row.unit})`,
          medianAndRange(row.small, show),
          medianAndRange(row.large, show),
          fixed(row.large.median / row.small.median, 2),
          show(row.large.median - row.small.median),
          row.target,
        ];
      }),
      [false, true, true, true, true, false],
    ),
  );
  const prepared = labels.flatMap((label) => samples[label].house.filter((run) => run.prepared.length > 0));
  if (prepared.length > 0)
    console.log(
      `\n**${prepared.length} measured run(s) include start.mjs bundling the page or building a package** (the sources changed during the benchmark): run again on a quiet checkout.`,
    );
  console.log(
    `\nThe closer alone tracked ${whole(samples.SMALL.closerOpen)} open auctions on SMALL and ${whole(samples.LARGE.closerOpen)} on LARGE: its start loads its partitions' open auctions, which grow with the open auctions, not with the history.`,
  );
  writeJsonResults({
    benchmark: 'startup',
    machine: machineLine(),
    quick,
    settings,
    stores: Object.fromEntries(labels.map((label) => [label, stores[label].meta])),
    samples,
  });
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`startup bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
