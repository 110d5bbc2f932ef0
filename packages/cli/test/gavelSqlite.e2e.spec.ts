import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fold, publicView } from '@gavel/core';
import { maskBidderId } from '@gavel/core/node';
import { getSqliteEventStore } from '@gavel/sqlite';
import Libsql from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDisputeAuctions } from './disputeAuctions';
import { runGavelBin } from './runGavelBin';

const dir = mkdtempSync(join(tmpdir(), 'gavel-cli-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A new SQLite file with the dispute auctions, written through the service. */
const seeded = async (): Promise<string> => {
  const path = join(dir, `store-${++files}.db`);
  const store = getSqliteEventStore({ path });
  await writeDisputeAuctions(store);
  await store.close();
  return path;
};

/** Runs SQL on the file behind the store's back (the tampering). */
const tamper = (path: string, sql: string, ...params: unknown[]): void => {
  const db = new Libsql(path);
  db.prepare(sql).run(...params);
  db.close();
};

const findingCodes = (stdout: string): string[] =>
  (JSON.parse(stdout) as { findings: Array<{ code: string }> }).findings.map((f) => f.code);

describe('gavel against a SQLite file (the built bin, as a child process)', () => {
  it('audit --format json: the timeline equals the fold at every version, exit 0, nothing on stderr', async () => {
    const path = await seeded();
    const store = getSqliteEventStore({ path });
    const { events } = await store.readStream('auction-lamp-4');
    await store.close();
    const run = await runGavelBin(['audit', 'lamp-4', '--store', `sqlite:${path}`, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.auctionId).toBe('lamp-4');
    expect(report.findings).toEqual([]);
    expect(report.timeline).toHaveLength(events.length);
    report.timeline.forEach((entry: Record<string, unknown>, i: number) => {
      const before = publicView(fold(events.slice(0, i) as never));
      const after = publicView(fold(events.slice(0, i + 1) as never));
      expect(entry).toMatchObject({
        version: i + 1,
        type: events[i]?.type,
        at: (events[i]?.data as { at: number } | undefined)?.at,
        priceBefore: before?.price ?? null,
        leaderBefore: before?.leaderId ?? null,
        priceAfter: after?.price ?? null,
        leaderAfter: after?.leaderId ?? null,
        reason: expect.any(String),
      });
      expect(entry).not.toHaveProperty('maxAmount');
    });
  });

  it.each([
    [
      'an amount edited',
      "UPDATE gavel_events SET data = json_set(data, '$.maxAmount', 17000) WHERE stream_name = 'auction-camera-17' AND stream_version = 3",
      'CLOSE_PRICE_MISMATCH',
    ],
    [
      'an event deleted',
      "DELETE FROM gavel_events WHERE stream_name = 'auction-camera-17' AND stream_version = 4",
      'VERSION_GAP',
    ],
    [
      'a timestamp moved back',
      `UPDATE gavel_events SET data = json_set(data, '$.at', ${Date.parse('2026-11-23T00:00:00Z')}) WHERE stream_name = 'auction-camera-17' AND stream_version = 5`,
      'TIME_WENT_BACKWARDS',
    ],
    [
      'a falsified close',
      "UPDATE gavel_events SET data = json_set(data, '$.winnerId', 'alice') WHERE stream_name = 'auction-camera-17' AND type = 'AuctionClosed'",
      'CLOSE_WINNER_MISMATCH',
    ],
  ])('audit and verify report %s with exit 1', async (_what, sql, code) => {
    const path = await seeded();
    tamper(path, sql);
    const audit = await runGavelBin(['audit', 'camera-17', '--store', `sqlite:${path}`, '--format', 'json']);
    expect(audit.code).toBe(1);
    expect(audit.stderr).toBe('');
    expect(findingCodes(audit.stdout)).toContain(code);
    const verify = await runGavelBin(['verify', '--all', '--store', `sqlite:${path}`]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`camera-17`);
    expect(verify.stdout).toContain(code);
    expect(verify.stdout).toMatch(/Verified 4 auctions .*1 with findings/);
  });

  it('reports a bid inserted after the end', async () => {
    const path = await seeded();
    const late = {
      auctionId: 'camera-17',
      at: Date.parse('2026-11-27T09:00:00.500Z'),
      bidId: 'late-1',
      bidderId: 'mallory',
      amount: 30_000,
    };
    tamper(
      path,
      "UPDATE gavel_events SET stream_version = 7 WHERE stream_name = 'auction-camera-17' AND stream_version = 6",
    );
    tamper(
      path,
      "INSERT INTO gavel_events (stream_name, stream_version, event_id, type, data, metadata, recorded_at) VALUES ('auction-camera-17', 6, 'late-1', 'BidPlaced', ?, NULL, 0)",
      JSON.stringify(late),
    );
    const run = await runGavelBin(['audit', 'camera-17', '--store', `sqlite:${path}`, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ code: 'BID_AFTER_END', version: 6 });
  });

  it('text audit: the timeline on stdout, findings listed, no max without --reveal-max', async () => {
    const path = await seeded();
    const hidden = await runGavelBin(['audit', 'camera-17', '--store', `sqlite:${path}`]);
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain(
      'bob set a secret max and leads at $152.00: runner-up max $150.00 + increment $2.00 = $152.00',
    );
    expect(hidden.stdout).not.toContain('$200.00');
    const shown = await runGavelBin(['audit', 'camera-17', '--store', `sqlite:${path}`, '--reveal-max']);
    expect(shown.stdout).toContain('MaxBidSet by bob (max $200.00)');
    const early = await runGavelBin([
      'audit',
      'camera-17',
      '--store',
      `sqlite:${path}`,
      '--at',
      '2026-11-24T21:40:00Z',
      '--format',
      'json',
    ]);
    expect(JSON.parse(early.stdout).timeline.map((e: { version: number }) => e.version)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('html: one self-contained page with the chart', async () => {
    const path = await seeded();
    const run = await runGavelBin(['audit', 'lamp-4', '--store', `sqlite:${path}`, '--format', 'html']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*class="automatic"[\s\S]*<\/html>\n$/);
  });

  it('export: the public history as CSV, bidders masked as the feed masks them', async () => {
    const path = await seeded();
    const run = await runGavelBin(['export', 'camera-17', '--store', `sqlite:${path}`], {
      GAVEL_SECRET: 'feed-secret',
    });
    expect(run.code).toBe(0);
    const mask = maskBidderId('feed-secret');
    const rows = run.stdout.split('\r\n');
    expect(rows[0]).toBe('version,at,price,bidder,automatic,kind');
    expect(rows.at(-1)).toBe('');
    // alice's proxy answered erin's $120.00 at v4: erin's beaten bid has a row of its own, then the answer.
    expect(rows.slice(1, -1)).toEqual([
      `2,${Date.parse('2026-11-21T18:30:00Z')},10000,${mask('camera-17', 'erin')},false,bid`,
      `3,${Date.parse('2026-11-22T08:15:00Z')},10200,${mask('camera-17', 'alice')},false,bid`,
      `4,${Date.parse('2026-11-24T21:40:00Z')},12000,${mask('camera-17', 'erin')},false,beaten`,
      `4,${Date.parse('2026-11-24T21:40:00Z')},12200,${mask('camera-17', 'alice')},true,bid`,
      `5,${Date.parse('2026-11-26T22:05:00Z')},15200,${mask('camera-17', 'bob')},false,bid`,
      `6,${Date.parse('2026-11-27T09:00:01Z')},15200,${mask('camera-17', 'bob')},false,closed`,
    ]);
    for (const raw of ['erin', 'alice', 'bob', '15000', '20000']) expect(run.stdout).not.toContain(raw);
    const flag = await runGavelBin(['export', 'camera-17', '--store', `sqlite:${path}`, '--secret', 'other']);
    expect(flag.stdout).toContain(maskBidderId('other')('camera-17', 'bob'));
    const none = await runGavelBin(['export', 'camera-17', '--store', `sqlite:${path}`]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^gavel: a secret is required/);
  });

  it('export: a retraction is a row of its own (the price after it and its holder, not who retracted)', async () => {
    const path = await seeded();
    const run = await runGavelBin(['export', 'vase-12', '--store', `sqlite:${path}`, '--secret', 's']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const mask = maskBidderId('s');
    const hana = mask('vase-12', 'hana');
    const ivan = mask('vase-12', 'ivan');
    expect(run.stdout.split('\r\n')).toEqual([
      'version,at,price,bidder,automatic,kind',
      `2,${Date.parse('2026-12-01T10:00:00Z')},5000,${hana},false,bid`,
      `3,${Date.parse('2026-12-01T21:15:00Z')},12000,${ivan},false,bid`,
      `4,${Date.parse('2026-12-01T21:20:00Z')},5000,${hana},false,retracted`,
      `5,${Date.parse('2026-12-01T21:22:00Z')},7200,${ivan},false,beaten`,
      `5,${Date.parse('2026-12-01T21:22:00Z')},7300,${hana},true,bid`,
      `6,${Date.parse('2026-12-04T09:00:02Z')},7300,${hana},false,closed`,
      '',
    ]);
    // hana's max ($80.00) was never beaten: no row carries it.
    expect(run.stdout).not.toContain('8000');
  });

  it('audit explains a retraction in words; verify re-decides it and reports one edited in the table', async () => {
    const path = await seeded();
    const clean = await runGavelBin(['audit', 'vase-12', '--store', `sqlite:${path}`, '--format', 'json']);
    expect(clean).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(clean.stdout).timeline[3]).toMatchObject({
      version: 4,
      type: 'BidRetracted',
      priceBefore: 12_000,
      priceAfter: 5_000,
      leaderBefore: 'ivan',
      leaderAfter: 'hana',
      reason:
        'ivan retracted their only bid (a typing mistake): price $120.00 → $50.00, hana leads: the only offer: the starting price $50.00',
    });
    tamper(
      path,
      "UPDATE gavel_events SET data = json_set(data, '$.price', 9000) WHERE stream_name = 'auction-vase-12' AND type = 'BidRetracted'",
    );
    const audit = await runGavelBin(['audit', 'vase-12', '--store', `sqlite:${path}`, '--format', 'json']);
    expect(audit).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(audit.stdout).findings[0]).toEqual({
      code: 'RETRACTION_MISMATCH',
      version: 4,
      message:
        "ivan's retraction is recorded withdrawing their only bid, leaving $90.00 with hana leading, but the rules give withdrawing their only bid, leaving $50.00 with hana leading (differs: price)",
    });
    const text = await runGavelBin(['audit', 'vase-12', '--store', `sqlite:${path}`]);
    expect(text.stdout).toContain('RETRACTION_MISMATCH at v4: ivan');
    const verify = await runGavelBin(['verify', '--all', '--store', `sqlite:${path}`]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('vase-12 v4 RETRACTION_MISMATCH: ');
    expect(verify.stdout).toMatch(/Verified 4 auctions .*1 with findings/);
    // hana's max is $80.00: no finding names it.
    expect(audit.stdout + text.stdout + verify.stdout).not.toContain('$80.00');
  });

  it('verify: named auctions or --all, a summary, exit 0 when clean', async () => {
    const path = await seeded();
    const all = await runGavelBin(['verify', '--all', '--store', `sqlite:${path}`]);
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(all.stdout).toMatch(
      /^Verified 4 auctions \(25 events\) in [\d.]+ s, \d+ auctions\/s: no findings\n$/,
    );
    const named = await runGavelBin([
      'verify',
      'lamp-4',
      'clock-9',
      '--store',
      `sqlite:${path}`,
      '--format',
      'json',
    ]);
    expect(JSON.parse(named.stdout)).toMatchObject({ auctions: 2, auctionsWithFindings: 0, results: [] });
    const neither = await runGavelBin(['verify', '--store', `sqlite:${path}`]);
    expect(neither.code).toBe(2);
  });

  it.each([
    [['audit', 'lamp-4', '--store', 'mysql://db/x'], /^gavel: 'mysql:\/\/db\/x' is not a store URL/],
    [
      ['audit', 'lamp-4', '--store', 'sqlite:/nonexistent/dir/gavel.db'],
      /^gavel: cannot read the store .*no SQLite database/,
    ],
    [['audit', 'nope', '--store', 'SEEDED'], /^gavel: no auction 'nope' in this store/],
    [['audit', 'lamp-4', '--store', 'SEEDED', '--format', 'pdf'], /invalid|Allowed choices/i],
    [['audit', 'lamp-4', '--store', 'SEEDED', '--at', 'yesterday'], /^gavel: --at 'yesterday'/],
    [['audit', 'lamp-4'], /--store/],
    [['frobnicate'], /unknown command/],
    [[], /Usage: gavel/],
  ])('exit 2 with a short message on stderr for %j', async (args, message) => {
    const path = await seeded();
    const run = await runGavelBin(args.map((a) => (a === 'SEEDED' ? `sqlite:${path}` : a)));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    if (String(message).includes('^gavel')) expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([[['--help']], [['audit', '--help']], [['export', '--help']], [['verify', '--help']]])(
    '%j prints usage on stdout, exit 0',
    async (args) => {
      const run = await runGavelBin(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: gavel/);
      expect(run.stderr).toBe('');
    },
  );
});
