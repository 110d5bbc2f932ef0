import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventStore, publicHistory, readAuctionEvents } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { getSqliteEventStore } from '@gavel/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connect,
  leaks,
  type Message,
  openTestAuction,
  placeBids,
  SECRET,
  T0,
  testBackend,
} from '../test/feedTestKit';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gavel-feed-'));
const path = join(dir, 'gavel.db');
const children: ChildProcess[] = [];
let store: EventStore | null = null;

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a feed process (built bundles) on the SQLite file; resolves with its URL. */
const startFeedProcess = (): Promise<{ child: ChildProcess; url: string }> => {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../test/feedProcess.mjs', import.meta.url)), path, SECRET],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve({ child, url: `ws://127.0.0.1:${match[1]}/feed` });
    });
    child.on('exit', (code) => reject(new Error(`feed process exited with ${code}`)));
  });
};

const versionOf = (messages: Message[]): number =>
  messages.reduce((v, m) => Math.max(v, (m.version as number | undefined) ?? 0), 0);

describe('feed instances in separate processes on one SQLite file (built bundles)', () => {
  it('loads as ESM and CJS through its package name', () => {
    for (const [flags, load] of [
      [['--input-type=module', '-e'], "const m = await import('@gavel/websocket');"],
      [['-e'], "const m = require('@gavel/websocket');"],
    ] as const) {
      const out = execFileSync(
        process.execPath,
        [
          ...flags,
          `${load} process.stdout.write(typeof m.createAuctionFeed + ' ' + typeof m.parseClientMessage)`,
        ],
        { cwd: packageDir, encoding: 'utf8' },
      );
      expect(out).toBe('function function');
    }
  });

  it('shows bids taken by another process to the watchers of both, and survives a SIGKILL by resuming', async () => {
    store = getSqliteEventStore({ path });
    const backend = testBackend(store, () => T0 + 1_000);
    await backend.execute(openTestAuction('file-lot'));
    const [one, two] = await Promise.all([startFeedProcess(), startFeedProcess()]);
    const onOne = await connect(one.url);
    const onTwo = await connect(two.url);
    onOne.send({ type: 'subscribe', auctionId: 'file-lot' });
    onTwo.send({ type: 'subscribe', auctionId: 'file-lot' });
    await onOne.waitFor((m) => m.length === 1, 'snapshot on one');
    await onTwo.waitFor((m) => m.length === 1, 'snapshot on two');
    await placeBids(backend, 'file-lot', 8);
    let version = (await readAuctionEvents(store, 'file-lot')).version;
    await onOne.waitFor((m) => versionOf(m) >= version, `version ${version} on one`);
    await onTwo.waitFor((m) => versionOf(m) >= version, `version ${version} on two`);
    expect(onOne.raw).toEqual(onTwo.raw);

    one.child.kill('SIGKILL');
    expect(await onOne.closed).toBe(1006);
    await placeBids(backend, 'file-lot', 6); // missed by the client of the killed instance
    const resumed = await connect(two.url);
    resumed.send({ type: 'subscribe', auctionId: 'file-lot', afterVersion: versionOf(onOne.messages) });
    await placeBids(backend, 'file-lot', 3);
    version = (await readAuctionEvents(store, 'file-lot')).version;
    await resumed.waitFor((m) => versionOf(m) >= version, `version ${version} resumed`);
    await onTwo.waitFor((m) => versionOf(m) >= version, `version ${version} on two`);
    expect([...onOne.raw, ...resumed.raw]).toEqual(onTwo.raw);
    const { events } = await readAuctionEvents(store, 'file-lot');
    const entries = [
      ...(onTwo.messages[0]?.history ?? []),
      ...onTwo.messages.slice(1).flatMap((m) => (m.entry ? [m.entry] : [])),
    ];
    expect(entries).toEqual(publicHistory(events, maskBidderId(SECRET)));
    expect(leaks(onTwo.raw, 'file-lot')).toEqual([]);
    await resumed.close();
    await onTwo.close();
    two.child.kill('SIGTERM');
  });
});
