import { getPostgresEventStore } from '@gavel/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDisputeAuctions } from './disputeAuctions';
import { runGavelBin } from './runGavelBin';

const BASE = process.env.GAVEL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A schema of its own, so that `verify --all` sees only this test's auctions.
const schema = `cli_e2e_${process.pid}_${Date.now() % 100_000}`;
const url = `${BASE}?schema=${schema}`;
const pool = new pg.Pool({ connectionString: BASE, max: 1 });

beforeAll(async () => {
  const store = getPostgresEventStore({ connectionString: BASE, schema });
  await writeDisputeAuctions(store);
  await store.close();
});
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

describe('gavel against PostgreSQL (the built bin, as a child process)', () => {
  it('audits and verifies what the service wrote: exit 0, results on stdout only', async () => {
    const audit = await runGavelBin(['audit', 'clock-9', '--store', url, '--format', 'json']);
    expect(audit.stderr).toBe('');
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.stdout);
    expect(report.timeline.map((e: { priceAfter: number | null }) => e.priceAfter)).toEqual([
      null,
      10_000,
      22_250,
      26_500,
      26_500,
    ]);
    expect(report.timeline.at(-1).reason).toBe("closed unsold: reserve $300.00 not met by the leader's max");
    const verify = await runGavelBin(['verify', '--all', '--store', url]);
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(/^Verified 4 auctions \(25 events\)/);
  });

  it('reports a close falsified in the table with exit 1', async () => {
    await pool.query(
      `UPDATE "${schema}".events SET data = jsonb_set(data, '{price}', '14000') WHERE stream_name = 'auction-camera-17' AND type = 'AuctionClosed'`,
    );
    const audit = await runGavelBin(['audit', 'camera-17', '--store', url, '--format', 'json']);
    expect(audit.code).toBe(1);
    expect(JSON.parse(audit.stdout).findings).toEqual([
      expect.objectContaining({ code: 'CLOSE_PRICE_MISMATCH', version: 6 }),
    ]);
    const verify = await runGavelBin(['verify', '--all', '--store', url]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('camera-17 v6 CLOSE_PRICE_MISMATCH');
  });

  it('an unknown auction and an unreachable server exit 2 with one line on stderr', async () => {
    const unknown = await runGavelBin(['audit', 'nope', '--store', url]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe("gavel: no auction 'nope' in this store\n");
    const down = await runGavelBin([
      'audit',
      'clock-9',
      '--store',
      'postgres://nobody:hunter2@127.0.0.1:1/none',
    ]);
    expect(down).toMatchObject({ code: 2, stdout: '' });
    expect(down.stderr).toMatch(
      /^gavel: cannot read the store postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: .+\n$/,
    );
    expect(down.stderr).not.toContain('hunter2');
  });
});
