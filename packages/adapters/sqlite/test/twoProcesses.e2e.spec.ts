import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getSqliteEventStore } from '../src/index';
import { checkAuctionStream } from './checkAuctionStream';
import { openTestAuction } from './openTestAuction';
import { collect, goTogether, startChild } from './runChild';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-2proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two processes appending to one file', () => {
  it('let exactly one append win each version, and lose nothing', async () => {
    const path = join(dir, 'race.db');
    const rounds = 1_000;
    // Create the schema first, so that both children start appending at the same moment.
    await getSqliteEventStore({ path }).close();
    const children = ['left', 'right'].map((name) =>
      startChild('./raceChild.ts', [path, 'race-1', String(rounds), name]),
    );
    const finished = children.map((child) => collect(child));
    await goTogether(children);
    const results = await Promise.all(finished);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });

    // Each version is won exactly once; a conflict at v is right only if the other process won v.
    const wins = new Map<number, string>();
    const conflicts: Array<[name: string, version: number]> = [];
    for (const [index, result] of results.entries()) {
      const name = index === 0 ? 'left' : 'right';
      for (const line of result.lines) {
        const [kind, version, detail] = line.split(' ') as [string, string, string];
        if (kind === 'ok') {
          expect(wins.has(Number(version)), `version ${version} won twice`).toBe(false);
          wins.set(Number(version), detail);
        } else {
          expect(kind).toBe('conflict');
          conflicts.push([name, Number(version)]);
        }
      }
    }
    expect(wins.size).toBe(rounds);
    for (const [name, version] of conflicts) expect(wins.get(version)?.startsWith(`${name}-`)).toBe(false);
    expect(conflicts.length).toBeGreaterThan(0);
    // Both processes won versions: the appends did interleave.
    const leftWins = [...wins.values()].filter((id) => id.startsWith('left-')).length;
    expect(leftWins).toBeGreaterThan(0);
    expect(leftWins).toBeLessThan(rounds);

    const store = getSqliteEventStore({ path });
    try {
      const read = await store.readStream('race-1');
      expect(read.currentVersion).toBe(rounds);
      expect(read.events.map((event) => event.eventId)).toEqual(
        Array.from({ length: rounds }, (_, v) => wins.get(v)),
      );
    } finally {
      await store.close();
    }
  });

  it('let two auction services bid on one auction: every accepted bid recorded, no other, valid serially', async () => {
    const path = join(dir, 'auction.db');
    const auctionId = 'two-processes-1';
    await openTestAuction(path, auctionId);
    const base = String(Date.now());
    const children = ['p', 'q'].map((label) =>
      startChild('./bidderChild.ts', [path, auctionId, label, '8', '60', base, 'together']),
    );
    const finished = children.map((child) => collect(child));
    await goTogether(children);
    const results = await Promise.all(finished);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const lines = results.flatMap((result) => result.lines);
    expect(lines).toHaveLength(2 * 8 * 60);
    const accepted = lines.filter((line) => line.startsWith('ack ')).map((line) => line.split(' ')[1]);
    const refused = lines.filter((line) => line.startsWith('rej ')).map((line) => line.split(' ')[1]);
    expect(accepted.length).toBeGreaterThan(0);

    const store = getSqliteEventStore({ path });
    try {
      const check = checkAuctionStream((await store.readStream(`auction-${auctionId}`)).events);
      expect(check.problems).toEqual([]);
      expect([...check.bidIds].sort()).toEqual([...accepted].sort());
      const recorded = new Set(check.bidIds);
      expect(refused.filter((bidId) => recorded.has(bidId as string))).toEqual([]);
      // Both processes got bids in.
      expect(check.bidIds.some((bidId) => bidId.startsWith('p-'))).toBe(true);
      expect(check.bidIds.some((bidId) => bidId.startsWith('q-'))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
