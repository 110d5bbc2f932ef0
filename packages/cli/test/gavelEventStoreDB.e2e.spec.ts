import { getEventStoreDBEventStore } from '@gavel/eventstoredb';
import { beforeAll, describe, expect, it } from 'vitest';
// The adapter's own test server: EVENTSTORE_URL when set, else its wire-level gRPC stand-in.
import { useTestServer } from '../../adapters/eventstoredb/test/testServer';
import { writeDisputeAuctions } from './disputeAuctions';
import { runGavelBin } from './runGavelBin';

const server = useTestServer();

beforeAll(async () => {
  const store = getEventStoreDBEventStore({ connectionString: server.connectionString() });
  await writeDisputeAuctions(store, ['camera-17']);
  await store.close();
});

describe('gavel against EventStoreDB (the built bin, as a child process)', () => {
  it('audits an auction from an esdb:// URL', async () => {
    const run = await runGavelBin([
      'audit',
      'camera-17',
      '--store',
      server.connectionString(),
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.findings).toEqual([]);
    expect(report.timeline.map((e: { priceAfter: number | null }) => e.priceAfter)).toEqual([
      null,
      10_000,
      10_200,
      12_200,
      15_200,
      15_200,
    ]);
  });

  it('verify --all lists the auctions through a category subscription', async () => {
    const run = await runGavelBin(['verify', '--all', '--store', server.connectionString()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Verified \d+ auctions? \(\d+ events\)/);
  });
});
