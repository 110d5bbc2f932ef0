/**
 * Load generator: `pnpm --filter auction-house load -- [options]`.
 *
 * N simulated bidders bid over HTTP (closed loop: each sends its next bid when the last is answered)
 * on A auctions while M watchers follow them over the feed (WebSocket), for a bounded time. It reports
 * accepted bids/s, p50/p99 bid latency (request sent → answer read), and feed delivery lag (bid's HTTP
 * answer → each watcher's receipt of that version's `change`), and checks that every watcher received
 * every change of its auction.
 *
 * Options: --url http://127.0.0.1:3000 (a running server) or --store <store URL> (start one here, on a
 * free port, with GAVEL_DEMO=off and {@link LOAD_LIMITS}); --bidders 100 --watchers 500 --auctions 100
 * --seconds 10; --json. A server given with --url must allow what the run needs from one address: its
 * sign-ins (bidders + 1), auctions, and connections (bidders + watchers).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const argv = process.argv.slice(2);
const { values: args } = parseArgs({
  // `pnpm … load -- --seconds 5` passes the `--` on.
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    url: { type: 'string' },
    store: { type: 'string' },
    bidders: { type: 'string', default: '100' },
    watchers: { type: 'string', default: '500' },
    auctions: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const bidderCount = Number(args.bidders);
const watcherCount = Number(args.watchers);
const auctionCount = Number(args.auctions);
const seconds = Number(args.seconds);
for (const [name, value] of Object.entries({ bidderCount, watcherCount, auctionCount, seconds }))
  if (!Number.isFinite(value) || value < (name === 'watcherCount' ? 0 : 1)) throw new Error(`bad --${name}`);

/**
 * The limits the server started here runs with: every bidder and watcher comes from this one address,
 * so the per-address limits (sign-ins, auctions, connections) are raised to fit the run. The per-user
 * bid rate keeps its default.
 */
const LOAD_LIMITS: Readonly<Record<string, string>> = {
  GAVEL_SIGNIN_PER_MINUTE: String(bidderCount + 100),
  GAVEL_AUCTIONS_PER_HOUR: String(auctionCount + 100),
  GAVEL_AUCTIONS_PER_HOUR_PER_ADDRESS: String(auctionCount + 100),
  GAVEL_MAX_CONNECTIONS: String(2 * (bidderCount + watcherCount) + 1000),
  GAVEL_MAX_CONNECTIONS_PER_ADDRESS: String(2 * (bidderCount + watcherCount) + 1000),
  GAVEL_FEED_MAX_CONNECTIONS: String(watcherCount + 100),
  GAVEL_FEED_MAX_CONNECTIONS_PER_ADDRESS: String(watcherCount + 100),
};

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** The token of the server's `GET /api/stats` (the server started here enables it). */
const STATS_TOKEN = process.env.GAVEL_STATS_TOKEN ?? 'load-script-stats-token';

/** The catalog processor's lag behind the writes (ms), from the server's stats; null where it has none. */
const catalogLag = async (
  base: string,
): Promise<{ count: number; p50: number; p99: number; max: number } | null> => {
  try {
    const answer = await fetch(`${base}/api/stats`, { headers: { authorization: `Bearer ${STATS_TOKEN}` } });
    if (!answer.ok) return null;
    return (
      (await answer.json()) as { catalog: { lag: { count: number; p50: number; p99: number; max: number } } }
    ).catalog.lag;
  } catch {
    return null;
  }
};

/** Starts a server with `--store`, or uses `--url`. */
const server = async (): Promise<{ url: string; stop: () => Promise<void>; cpuMs: () => number | null }> => {
  if (args.url !== undefined)
    return { url: args.url.replace(/\/$/, ''), stop: async () => {}, cpuMs: () => null };
  if (args.store === undefined)
    return { url: 'http://127.0.0.1:3000', stop: async () => {}, cpuMs: () => null };
  const child = spawn(process.execPath, [fileURLToPath(new URL('./start.mjs', import.meta.url))], {
    env: {
      ...process.env,
      PORT: '0',
      GAVEL_STORE: args.store,
      GAVEL_DEMO: 'off',
      GAVEL_SECRET: 'load',
      GAVEL_STATS_TOKEN: STATS_TOKEN,
      LOG_LEVEL: 'warn',
      ...LOAD_LIMITS,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Gavel auction house on (\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** User + system CPU time of a process, from /proc (Linux), in ms; null where it cannot be read. */
const processCpuMs = (pid: number | undefined): number | null => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return null;
  }
};

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
  readonly body: any;
  readonly cookie: string | undefined;
}

/** One JSON request over a keep-alive agent (node:http: lighter than fetch at thousands per second). */
const call = (base: string, method: string, path: string, body?: unknown, cookie?: string): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...(cookie === undefined ? {} : { cookie }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: response.statusCode ?? 0,
            body: text.length === 0 ? null : JSON.parse(text),
            cookie: response.headers['set-cookie']?.[0]?.split(';')[0],
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);

const main = async (): Promise<void> => {
  const target = await server();
  const base = target.url;
  say(
    `load: ${bidderCount} bidders, ${watcherCount} watchers, ${auctionCount} auctions, ${seconds} s against ${base}`,
  );

  const signIn = async (name: string): Promise<string> => {
    const answer = await call(base, 'POST', '/api/session', { name });
    if (answer.cookie === undefined) throw new Error(`sign-in failed: ${answer.status}`);
    return answer.cookie;
  };
  const seller = await signIn('Load seller');
  const auctions: string[] = [];
  for (let i = 0; i < auctionCount; i++) {
    const created = await call(
      base,
      'POST',
      '/api/auctions',
      { title: `Load lot ${i}`, startingPrice: 100, durationMs: (seconds + 120) * 1000 },
      seller,
    );
    if (created.status !== 201)
      throw new Error(`could not open an auction: ${created.status} ${JSON.stringify(created.body)}`);
    auctions.push(created.body.auctionId);
  }
  const bidders = await Promise.all(Array.from({ length: bidderCount }, (_, i) => signIn(`Bidder ${i}`)));

  // What the bidders know of each auction's minimum next bid: from their answers and from the feed.
  const minimumOf = new Map<string, number>(auctions.map((id) => [id, 100]));
  // Watchers: round-robin over the auctions; each records when it received each version.
  const receipts = new Map<string, number[]>(); // `${auctionId}:${version}` → receipt times
  const watchersOf = new Map<string, number>();
  const sockets: WebSocket[] = [];
  let feedErrors = 0;
  await Promise.all(
    Array.from({ length: watcherCount }, async (_, i) => {
      const auctionId = auctions[i % auctions.length] as string;
      watchersOf.set(auctionId, (watchersOf.get(auctionId) ?? 0) + 1);
      const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/feed`, { perMessageDeflate: false });
      sockets.push(socket);
      socket.on('message', (data) => {
        const at = performance.now();
        const message = JSON.parse(String(data)) as {
          type: string;
          auctionId: string;
          version: number;
          view?: { minimumNextBid: number | null };
        };
        if (message.type === 'error') feedErrors++;
        if (message.type !== 'change') return;
        const minimum = message.view?.minimumNextBid;
        if (typeof minimum === 'number' && minimum > (minimumOf.get(message.auctionId) ?? 0))
          minimumOf.set(message.auctionId, minimum);
        const key = `${message.auctionId}:${message.version}`;
        const list = receipts.get(key);
        if (list === undefined) receipts.set(key, [at]);
        else list.push(at);
      });
      socket.on('error', () => feedErrors++);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.send(JSON.stringify({ type: 'subscribe', auctionId }));
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the snapshots arrive

  // Bidders: closed loop until the deadline.
  const acks = new Map<string, number>(); // `${auctionId}:${version}` → answer time
  const latencies: number[] = [];
  const codes = new Map<string, number>();
  let accepted = 0;
  const serverCpuBefore = target.cpuMs();
  const loadCpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  // Each bidder bids on two neighbouring auctions (more when there are more bidders than auctions),
  // only where it does not lead (the load generator shares what each answer said), at the minimum
  // next bid plus a few increments: the contention of real bidding, without a flood of bids that
  // cannot win.
  const leaderOf = new Map<string, number>();
  const bidder = async (cookie: string, index: number): Promise<void> => {
    const mine = [
      auctions[index % auctions.length] as string,
      auctions[(index + 1) % auctions.length] as string,
    ];
    let random = index + 1;
    while (performance.now() < deadline) {
      random = (random * 1103515245 + 12345) % 2147483648;
      const free = mine.filter((id) => leaderOf.get(id) !== index);
      const auctionId = free[random % Math.max(1, free.length)];
      if (auctionId === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      const amount = (minimumOf.get(auctionId) ?? 100) + (random % (auctions.length === 1 ? 40 : 4)) * 100;
      const sent = performance.now();
      const answer = await call(base, 'POST', `/api/auctions/${auctionId}/bids`, { amount }, cookie);
      const answered = performance.now();
      latencies.push(answered - sent);
      if (answer.status === 200) {
        accepted++;
        acks.set(`${auctionId}:${answer.body.version}`, answered);
        minimumOf.set(auctionId, Math.max(minimumOf.get(auctionId) ?? 0, answer.body.view.minimumNextBid));
        if (answer.body.leading) leaderOf.set(auctionId, index);
      } else {
        const code = String(answer.body?.code ?? answer.status);
        codes.set(code, (codes.get(code) ?? 0) + 1);
        const minimum = answer.body?.details?.minimumNextBid ?? answer.body?.view?.minimumNextBid;
        if (typeof minimum === 'number')
          minimumOf.set(auctionId, Math.max(minimumOf.get(auctionId) ?? 0, minimum));
        if (code === 'ALREADY_LEADING') leaderOf.set(auctionId, index);
        if (code === 'RATE_LIMITED') await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all(bidders.map(bidder));
  const elapsed = (performance.now() - started) / 1000;
  const serverCpuAfter = target.cpuMs();
  const loadCpu = process.cpuUsage(loadCpuBefore);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the last changes in flight

  // Delivery: every accepted version, to every watcher of its auction.
  const lags: number[] = [];
  let expected = 0;
  let received = 0;
  for (const [key, ack] of acks) {
    const auctionId = key.slice(0, key.lastIndexOf(':'));
    const watchers = watchersOf.get(auctionId) ?? 0;
    expected += watchers;
    const times = receipts.get(key) ?? [];
    received += Math.min(times.length, watchers);
    for (const at of times) lags.push(Math.max(0, at - ack));
  }
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  for (const socket of sockets) socket.terminate();
  agent.destroy();
  const catalog = await catalogLag(base);
  await target.stop();

  const report = {
    bidders: bidderCount,
    watchers: watcherCount,
    auctions: auctionCount,
    seconds: Number(elapsed.toFixed(2)),
    requests: latencies.length,
    accepted,
    acceptedPerSecond: Math.round(accepted / elapsed),
    rejected: Object.fromEntries(codes),
    bidLatencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? Number.NaN,
    },
    cpu: {
      serverMs: serverCpuBefore === null || serverCpuAfter === null ? null : serverCpuAfter - serverCpuBefore,
      loadGeneratorMs: Math.round((loadCpu.user + loadCpu.system) / 1000),
      loadAverage: loadavg().map((value) => Number(value.toFixed(1))),
    },
    catalogLagMs: catalog,
    feed: {
      expectedDeliveries: expected,
      received,
      missing: expected - received,
      lagMs: { p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), max: lags.at(-1) ?? Number.NaN },
      errors: feedErrors,
    },
  };
  if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    const ms = (value: number) => value.toFixed(1);
    process.stdout.write(
      [
        `accepted bids/s   ${report.acceptedPerSecond} (${accepted} of ${report.requests} requests in ${report.seconds} s)`,
        `rejected          ${JSON.stringify(report.rejected)}`,
        `bid latency ms    p50 ${ms(report.bidLatencyMs.p50)}  p99 ${ms(report.bidLatencyMs.p99)}  max ${ms(report.bidLatencyMs.max)}`,
        `feed deliveries   ${received} of ${expected} (missing ${expected - received}, errors ${feedErrors})`,
        `cpu               server ${report.cpu.serverMs ?? '?'} ms, load generator ${report.cpu.loadGeneratorMs} ms, over ${report.seconds} s (load average ${report.cpu.loadAverage.join(' ')})`,
        `feed lag ms       p50 ${ms(report.feed.lagMs.p50)}  p99 ${ms(report.feed.lagMs.p99)}  max ${ms(report.feed.lagMs.max)}`,
        report.catalogLagMs === null
          ? 'catalog lag ms    (the server has no /api/stats)'
          : `catalog lag ms    p50 ${report.catalogLagMs.p50}  p99 ${report.catalogLagMs.p99}  max ${report.catalogLagMs.max} (${report.catalogLagMs.count} events: store recorded → catalog row written)`,
        '',
      ].join('\n'),
    );
  }
};

const timer = setTimeout(
  () => {
    say('load: did not finish in time; giving up');
    process.exit(2);
  },
  (seconds + 120) * 1000,
);
timer.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`load failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
