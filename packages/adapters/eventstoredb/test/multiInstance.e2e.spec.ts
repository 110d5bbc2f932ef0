import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auctionStreamName, createAuctionService, replayAuctionHistory } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { getEventStoreDBEventStore } from '../src';
import { useTestServer } from './testServer';

interface Answer {
  readonly bidId: string;
  readonly ok: boolean;
  readonly duplicate: boolean;
  readonly code?: string;
}

const bidderScript = fileURLToPath(new URL('./multiInstance/bidderProcess.ts', import.meta.url));

const runBidder = (env: Record<string, string>): Promise<{ bidderId: string; answers: Answer[] }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bidderScript], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bidder exited with ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string));
    });
  });

// Through the stand-in this test starts (or the real server of EVENTSTORE_URL).
describe('two service processes bidding on one auction through EventStoreDB', () => {
  const server = useTestServer();

  it('records a valid history: every accepted bid once, no rejected bid, nothing doubled', async () => {
    const auctionId = `multi-${globalThis.crypto.randomUUID()}`;
    const store = getEventStoreDBEventStore({ connectionString: server.connectionString() });
    try {
      const opener = createAuctionService({ store });
      const opened = await opener.execute({
        type: 'OpenAuction',
        data: {
          auctionId,
          sellerId: 'seller',
          currency: 'USD',
          startingPrice: 1_000,
          endsAt: Date.now() + 3_600_000,
        },
      });
      expect(opened.ok).toBe(true);

      const common = { CONNECTION_STRING: server.connectionString(), AUCTION_ID: auctionId, BIDS: '30' };
      const results = await Promise.all([
        runBidder({ ...common, BIDDER_ID: 'alice', STEP: '100', OFFSET: '0' }),
        runBidder({ ...common, BIDDER_ID: 'bob', STEP: '100', OFFSET: '50' }),
      ]);
      const answers = results.flatMap((result) => result.answers);

      const read = await store.readStream(auctionStreamName(auctionId));
      const events = read.events;
      expect(events.map((event) => event.streamVersion)).toEqual(events.map((_, i) => i + 1));
      expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);

      // A bid's first event carries its bidId, and has the bidId itself as its event id.
      const recordedBidIds = events.flatMap((event) => {
        if (event.type !== 'BidPlaced' && event.type !== 'MaxBidSet') return [];
        const bidId = (event.data as { bidId: string }).bidId;
        expect(event.eventId).toBe(bidId);
        return [bidId];
      });
      expect(new Set(recordedBidIds).size, 'no bid recorded twice').toBe(recordedBidIds.length);
      // A bid answered as rejected records nothing, so sending its bidId again later is a new decision
      // that may be accepted; once accepted, every later send of it is answered as a duplicate.
      const byBid = new Map<string, Answer[]>();
      for (const answer of answers) byBid.set(answer.bidId, [...(byBid.get(answer.bidId) ?? []), answer]);
      const accepted = new Set(
        [...byBid].flatMap(([bidId, sent]) => (sent.some((a) => a.ok) ? [bidId] : [])),
      );
      const rejectedOnly = [...byBid].flatMap(([bidId, sent]) => (sent.some((a) => a.ok) ? [] : [bidId]));
      expect(new Set(recordedBidIds), 'exactly the accepted bids are recorded').toEqual(accepted);
      for (const bidId of rejectedOnly)
        expect(recordedBidIds, 'a rejected bid is not recorded').not.toContain(bidId);
      expect(accepted.size).toBeGreaterThan(2);
      for (const bidId of accepted) {
        const sent = byBid.get(bidId) ?? [];
        const firstOk = sent.findIndex((answer) => answer.ok);
        expect(
          sent.filter((answer) => answer.ok && !answer.duplicate),
          `${bidId} written once`,
        ).toHaveLength(1);
        expect(
          sent.slice(firstOk + 1).every((answer) => answer.ok && answer.duplicate),
          `${bidId} then duplicate`,
        ).toBe(true);
      }

      // The history replays: every recorded decision is what the rules decide for the command that made
      // it, and the visible price never goes down.
      const states = replayAuctionHistory(events);
      expect(states).toHaveLength(events.length);
      let previousPrice = 0;
      for (const state of states) {
        const price = state.price ?? 0;
        expect(price).toBeGreaterThanOrEqual(previousPrice);
        previousPrice = price;
      }
      const final = await opener.view(auctionId);
      expect(final?.bidCount).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
