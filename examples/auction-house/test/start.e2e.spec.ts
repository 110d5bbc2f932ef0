import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { request } from './apiClient';
import { type ServerProcess, startServerProcess } from './startServerProcess';

const directory = mkdtempSync(join(tmpdir(), 'gavel-start-'));
const started: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  rmSync(directory, { recursive: true, force: true });
});

describe('scripts/start.mjs', () => {
  it('prints the start line, lists the demo auctions on an empty store, and a second instance leaves the first alone', async () => {
    const env = { GAVEL_STORE: `sqlite:${join(directory, 'gavel.db')}`, GAVEL_SECRET: 'start-test' };
    const first = await startServerProcess(env);
    started.push(first);
    // stdout carries the start line and nothing else (logs go to stderr).
    expect(first.output().split('\n--- stderr ---\n')[0]).toMatch(
      /^Gavel auction house on http:\/\/127\.0\.0\.1:\d+\n$/,
    );
    const demo = (await request(first.url, 'GET', '/api/auctions?status=open')).body.auctions as {
      title: string;
      view: { endsAt: number; reserveMet: boolean | null; buyNowPrice: number | null };
    }[];
    expect(demo.length).toBeGreaterThanOrEqual(3);
    expect(demo.some((auction) => auction.view.endsAt - Date.now() < 10 * 60_000)).toBe(true);
    expect(demo.some((auction) => auction.view.reserveMet === false)).toBe(true);
    expect(demo.some((auction) => auction.view.buyNowPrice !== null)).toBe(true);

    // A second instance on the same store and another port: the first keeps answering, nothing is listed twice.
    const pings = (async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await request(first.url, 'GET', '/api/auctions')).status);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return statuses;
    })();
    const second = await startServerProcess(env);
    started.push(second);
    expect(await pings).toEqual(Array(20).fill(200));
    const listed = (await request(second.url, 'GET', '/api/auctions')).body.auctions;
    expect(listed).toHaveLength(demo.length);

    // SIGTERM: a clean exit within a few seconds; the other instance stays up.
    const stopped = await first.stop();
    expect(stopped).toMatchObject({ code: 0 });
    expect(stopped.ms).toBeLessThan(5000);
    expect((await request(second.url, 'GET', '/api/auctions')).status).toBe(200);
  }, 60_000);

  it('refuses a bad GAVEL_STORE with a one-line message and a non-zero exit', () => {
    const result = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../scripts/start.mjs', import.meta.url))],
      {
        env: { ...process.env, GAVEL_STORE: 'mysql://nope', PORT: '0' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/auction house failed to start: .*not a store URL/);
  });
});
