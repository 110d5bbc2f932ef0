import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auctionStreamName, createAuctionService, type EventStore } from '@gavel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPostgresEventStore } from '../src/index';
import { auctionHistoryProblems, recordedBidIds } from './auctionHistory';
import { createFaultCluster, type FaultCluster } from './faultCluster';
import { openHotAuction } from './hotAuction';
import { randomSchema } from './pgTestEnv';

// The PostgreSQL fault suite: a cluster of its own (never the shared 5432) restarted fast and
// immediate, frozen with SIGSTOP and stopped for 20 s, under two loads at once, each in a child process
// of its own: 32 callers on one hot auction, and 32 callers over 100 auctions. The results table is in
// docs/reliability.md.
const TIMEOUT_MS = 2_000;
/** What a call may take beyond its bound on a loaded 2-core machine (its timer firing late). */
const SLACK_MS = 1_000;
/**
 * The longest an `execute` may take: the service's `timeoutMs` (the store's), one deadline from the
 * call, whatever it waits for (the write of its auction already in flight, a read, its own write).
 */
const EXECUTE_BOUND_MS = TIMEOUT_MS + SLACK_MS;
/** The service must take bids again within this long after the database is back. */
const RECOVERY_MS = 1_000;
const STOP_MS = 20_000;
const FREEZE_MS = 3_000;
const TYPED_CODES = ['BUSY', 'UNAVAILABLE', 'TIMEOUT', 'STORAGE_FULL', 'READ_ONLY', 'STORE_CLOSED'];
const canRun = process.getuid?.() === 0 && existsSync('/usr/bin/pg_createcluster');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Load {
  readonly name: string;
  readonly run: string;
  readonly auctions: number;
  /** bidId → its answers, in order: [ok, code, ms, at]. */
  readonly answers: Map<string, Array<[boolean, string | null, number, number]>>;
  /** Rejected executes: [bidId, code, mayHaveWritten, ms, at, typed]. */
  readonly errors: Array<[string, unknown, unknown, number, number, boolean]>;
  subscription: string[] | null;
  duplicates: number;
  readonly ready: Promise<void>;
  readonly stop: () => void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const startLoad = (cluster: FaultCluster, schema: string, name: string, auctions: number): Load => {
  const run = `${name}${globalThis.crypto.randomUUID().slice(0, 8)}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./children/faultLoad.ts', import.meta.url))],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        ...process.env,
        GAVEL_PG_URL: cluster.url,
        SCHEMA: schema,
        RUN: run,
        AUCTIONS: String(auctions),
        CALLERS: '32',
        TIMEOUT_MS: String(TIMEOUT_MS),
        PAUSE_MS: '10',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let markReady = (): void => {};
  const load: Load = {
    name,
    run,
    auctions,
    answers: new Map(),
    errors: [],
    subscription: null,
    duplicates: 0,
    ready: new Promise<void>((resolve) => {
      markReady = resolve;
    }),
    stop: () => child.stdin.end('stop\n'),
    exited: new Promise((resolve) => {
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    }),
  };
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const message = JSON.parse(line) as {
        ready?: true;
        a?: [string, boolean, string | null, number, number];
        e?: [string, unknown, unknown, number, number, boolean];
        subscription?: string[];
        duplicates?: number;
      };
      if (message.ready) markReady();
      if (message.a !== undefined) {
        const [bidId, ok, code, ms, at] = message.a;
        const list = load.answers.get(bidId) ?? [];
        list.push([ok, code, ms, at]);
        load.answers.set(bidId, list);
      }
      if (message.e !== undefined) load.errors.push(message.e);
      if (message.subscription !== undefined) {
        load.subscription = message.subscription;
        load.duplicates = message.duplicates ?? 0;
      }
    }
  });
  return load;
};

/** One fault: when the database went away and when it was back. */
interface Outage {
  readonly fault: string;
  readonly downAt: number;
  readonly backAt: number;
}

describe.skipIf(!canRun)('PostgreSQL faults on a cluster of its own (needs root)', () => {
  let cluster: FaultCluster;
  let store: EventStore;
  const schema = randomSchema('gavel_faults');

  beforeAll(async () => {
    cluster = await createFaultCluster();
    store = getPostgresEventStore({ connectionString: cluster.url, schema });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.drop();
  }, 60_000);

  it('under 32 callers on one auction and 32 on 100 auctions: restarts, a freeze and a 20 s stop', async () => {
    const loads = [
      { name: 'hot', auctions: 1 },
      { name: 'many', auctions: 100 },
    ].map(({ name, auctions }) => ({ name, auctions, load: null as Load | null }));
    const service = createAuctionService({ store });
    for (const entry of loads) {
      const load = startLoad(cluster, schema, entry.name, entry.auctions);
      for (let n = 0; n < entry.auctions; n++) {
        const opened = await service.execute(openHotAuction(`${load.run}-${n}`));
        expect(opened.ok).toBe(true);
      }
      entry.load = load;
    }
    const running = loads.map((entry) => entry.load as Load);
    await Promise.all(running.map((load) => load.ready));
    const answered = () => running.reduce((sum, load) => sum + load.answers.size, 0);
    while (answered() < 400) await sleep(50);

    const outages: Outage[] = [];
    // GAVEL_FAULTS=fast,immediate,freeze,stop picks some (all by default), to look into one.
    const picked = process.env.GAVEL_FAULTS?.split(',');
    const outage = async (fault: string, cause: () => Promise<void>, recover: () => Promise<void>) => {
      if (picked !== undefined && !picked.some((name) => fault.includes(name))) return;
      const downAt = Date.now();
      await cause();
      await recover();
      outages.push({ fault, downAt, backAt: Date.now() });
      await sleep(1_500);
    };
    await outage(
      'restart -m fast',
      () => cluster.restart('fast'),
      async () => {},
    );
    await outage(
      'restart -m immediate',
      () => cluster.restart('immediate'),
      async () => {},
    );
    await outage(
      'SIGSTOP (freeze) for 3 s',
      async () => {
        await cluster.freeze();
        await sleep(FREEZE_MS);
      },
      cluster.thaw,
    );
    // Clients connecting while the server shuts down get its goodbye in the same read as their
    // ReadyForQuery, before their caller could listen: three quick stops catch that reliably.
    await outage(
      '3 quick stops (fast)',
      async () => {
        for (let n = 0; n < 3; n++) {
          await cluster.stop();
          await sleep(300);
          await cluster.start();
          await sleep(300);
        }
      },
      async () => {},
    );
    await outage(
      'stopped for 20 s',
      async () => {
        await cluster.stop();
        await sleep(STOP_MS);
      },
      cluster.start,
    );

    for (const load of running) load.stop();
    const exits = await Promise.all(running.map((load) => load.exited));

    const summary: Record<string, unknown>[] = [];
    for (const [index, load] of running.entries()) {
      const exit = exits[index] as { code: number | null; stderr: string };
      // The process stayed up through every fault and ended on its own.
      expect(exit.code, `${load.name}: exit code; stderr: ${exit.stderr.slice(0, 4_000)}`).toBe(0);
      expect(exit.stderr).not.toMatch(/Unhandled 'error' event|Connection terminated unexpectedly/);

      // Every failed execute was a typed store error, within the timeout; so was every answer.
      for (const [bidId, code, , ms, , typed] of load.errors) {
        expect(typed, `${load.name}: ${bidId} rejected with a raw error (${String(code)})`).toBe(true);
        expect(TYPED_CODES).toContain(code);
        expect(ms, `${load.name}: ${bidId} took ${ms} ms to fail`).toBeLessThanOrEqual(EXECUTE_BOUND_MS);
      }
      const all = [...load.answers.values()].flat();
      const slowest = Math.max(...all.map(([, , ms]) => ms), ...load.errors.map(([, , , ms]) => ms));
      expect(slowest, `${load.name}: the slowest call`).toBeLessThanOrEqual(EXECUTE_BOUND_MS);

      // Each fault did bite (callers saw errors), and bids were accepted again within a second.
      const recoveries: Record<string, number> = {};
      for (const { fault, downAt, backAt } of outages) {
        const failed = load.errors.filter(
          ([, , , , at]) => at >= downAt && at <= backAt + TIMEOUT_MS + SLACK_MS,
        );
        expect(failed.length, `${load.name}: no caller saw '${fault}'`).toBeGreaterThan(0);
        const firstAccepted = Math.min(
          ...all.filter(([ok, , , at]) => ok && at >= backAt).map(([, , , at]) => at),
        );
        recoveries[fault] = firstAccepted - backAt;
        expect(
          firstAccepted - backAt,
          `${load.name}: back ${firstAccepted - backAt} ms after '${fault}'`,
        ).toBeLessThanOrEqual(RECOVERY_MS);
      }

      // Every acknowledged bid is recorded exactly once; no bid the rules rejected is; histories replay.
      const recorded: string[] = [];
      const positions: bigint[] = [];
      for (let n = 0; n < load.auctions; n++) {
        const { events } = await store.readStream(auctionStreamName(`${load.run}-${n}`));
        expect(auctionHistoryProblems(events), `${load.name}: auction ${n}`).toEqual([]);
        recorded.push(...recordedBidIds(events));
        positions.push(...events.map((event) => event.globalPosition));
      }
      expect(new Set(recorded).size, `${load.name}: a bid recorded twice`).toBe(recorded.length);
      const inStore = new Set(recorded);
      const finals = [...load.answers.entries()].map(([bidId, list]) => [bidId, list.at(-1)] as const);
      const acknowledged = finals.filter(([, last]) => last?.[0] === true).map(([bidId]) => bidId);
      const refused = finals.filter(([, last]) => last?.[0] === false).map(([bidId]) => bidId);
      expect(
        acknowledged.filter((bidId) => !inStore.has(bidId)),
        `${load.name}: acknowledged, lost`,
      ).toEqual([]);
      expect(
        refused.filter((bidId) => inStore.has(bidId)),
        `${load.name}: refused, recorded`,
      ).toEqual([]);
      // Every bid a caller sent was answered in the end (retried with its bidId while the store failed).
      const sent = new Set(load.errors.map(([bidId]) => bidId));
      expect(
        [...sent].filter((bidId) => !load.answers.has(bidId)),
        `${load.name}: never answered`,
      ).toEqual([]);

      // The subscription that ran through it all delivered every event once, in order.
      positions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(load.duplicates, `${load.name}: events delivered twice`).toBe(0);
      expect(load.subscription, `${load.name}: the subscription`).toEqual(positions.map(String));

      const codes: Record<string, number> = {};
      for (const [, code] of load.errors) codes[String(code)] = (codes[String(code)] ?? 0) + 1;
      summary.push({
        load: `${load.name} (${load.auctions} auction${load.auctions === 1 ? '' : 's'}, 32 callers)`,
        answers: all.length,
        acknowledged: acknowledged.length,
        events: positions.length,
        errors: codes,
        mayHaveWritten: load.errors.filter(([, , may]) => may === true).length,
        slowestMs: slowest,
        recoveryMs: recoveries,
      });
    }
    console.log(
      `fault suite summary ${JSON.stringify({ outages: outages.map((o) => ({ fault: o.fault, outageMs: o.backAt - o.downAt })), summary })}`,
    );
  }, 150_000);
});
