// Test and docs fixture: the three auctions of docs/disputes.md, written through the real command
// service with a fixed clock, so that every run records the same history.
import { type AuctionCommand, createAuctionService, type EventStore } from '@gavel/core';

/** A command and the time the service decides it at. */
type Step = readonly [at: string, command: AuctionCommand];

const open = (auctionId: string, data: Record<string, unknown>): AuctionCommand =>
  ({
    type: 'OpenAuction',
    data: { auctionId, sellerId: 'seller-1', currency: 'USD', ...data },
  }) as AuctionCommand;
const max = (auctionId: string, bidderId: string, maxAmount: number): AuctionCommand => ({
  type: 'SetMaxBid',
  data: { auctionId, bidderId, maxAmount },
});
const bid = (auctionId: string, bidderId: string, amount: number): AuctionCommand => ({
  type: 'PlaceBid',
  data: { auctionId, bidderId, amount },
});
const close = (auctionId: string): AuctionCommand => ({ type: 'CloseAuction', data: { auctionId } });
const retract = (auctionId: string, bidderId: string): AuctionCommand => ({
  type: 'RetractBid',
  data: { auctionId, bidderId, reason: 'typo' },
});
const t = (iso: string): number => Date.parse(iso);

/**
 * 1. `camera-17`: alice sets a max of $150.00; bob a max of $200.00 later; alice's max is beaten by
 *    one increment: bob wins at $152.00 (flat $2 increments).
 * 2. `lamp-4`: soft close (last 5 min extend to 2 min after the bid); carol's bid at 20:00:30 extends
 *    the end to 20:02:30; carol's bid at 20:02:30.000 is refused (AUCTION_ENDED) and recorded nowhere.
 * 3. `clock-9`: a reserve of $300.00; grace leads with a secret max of $280.00: closed unsold, reserve not met.
 * 4. `vase-12`: hana sets a max of $80.00; ivan bids $120.00 (he meant $72.00) and leads at $120.00;
 *    five minutes later he retracts it (a typo; three days left, so all his bids go): hana leads again
 *    at the starting price, $50.00; ivan bids $72.00, answered by hana's proxy at $73.00; she wins at
 *    $73.00 (flat $1 increments).
 */
export const DISPUTE_STEPS: Readonly<Record<string, readonly Step[]>> = {
  'camera-17': [
    [
      '2026-11-20T09:00:00Z',
      open('camera-17', {
        startingPrice: 10_000,
        startsAt: t('2026-11-20T09:00:00Z'),
        endsAt: t('2026-11-27T09:00:00Z'),
        increments: [{ from: 0, increment: 200 }],
      }),
    ],
    ['2026-11-21T18:30:00Z', bid('camera-17', 'erin', 10_000)],
    ['2026-11-22T08:15:00Z', max('camera-17', 'alice', 15_000)],
    ['2026-11-24T21:40:00Z', bid('camera-17', 'erin', 12_000)],
    ['2026-11-26T22:05:00Z', max('camera-17', 'bob', 20_000)],
    ['2026-11-27T09:00:01Z', close('camera-17')],
  ],
  'lamp-4': [
    [
      '2026-11-30T12:00:00Z',
      open('lamp-4', {
        startingPrice: 5_000,
        startsAt: t('2026-11-30T12:00:00Z'),
        endsAt: t('2026-11-30T20:00:00Z'),
        increments: [{ from: 0, increment: 100 }],
        softClose: { windowMs: 300_000, extendMs: 120_000 },
      }),
    ],
    ['2026-11-30T15:12:00Z', max('lamp-4', 'dave', 7_000)],
    ['2026-11-30T19:59:00Z', bid('lamp-4', 'carol', 7_500)],
    ['2026-11-30T20:00:30Z', max('lamp-4', 'dave', 9_000)],
    ['2026-11-30T20:00:30Z', bid('lamp-4', 'carol', 8_000)],
    ['2026-11-30T20:02:30Z', bid('lamp-4', 'carol', 8_500)],
    ['2026-11-30T20:02:31Z', close('lamp-4')],
  ],
  'clock-9': [
    [
      '2026-11-25T10:00:00Z',
      open('clock-9', {
        startingPrice: 10_000,
        reservePrice: 30_000,
        startsAt: t('2026-11-25T10:00:00Z'),
        endsAt: t('2026-11-28T10:00:00Z'),
      }),
    ],
    ['2026-11-25T11:00:00Z', max('clock-9', 'frank', 22_000)],
    ['2026-11-26T16:20:00Z', max('clock-9', 'grace', 28_000)],
    ['2026-11-27T23:10:00Z', bid('clock-9', 'frank', 26_000)],
    ['2026-11-28T10:00:05Z', close('clock-9')],
  ],
  'vase-12': [
    [
      '2026-12-01T09:00:00Z',
      open('vase-12', {
        startingPrice: 5_000,
        startsAt: t('2026-12-01T09:00:00Z'),
        endsAt: t('2026-12-04T09:00:00Z'),
        increments: [{ from: 0, increment: 100 }],
      }),
    ],
    ['2026-12-01T10:00:00Z', max('vase-12', 'hana', 8_000)],
    ['2026-12-01T21:15:00Z', bid('vase-12', 'ivan', 12_000)],
    ['2026-12-01T21:20:00Z', retract('vase-12', 'ivan')],
    ['2026-12-01T21:22:00Z', bid('vase-12', 'ivan', 7_200)],
    ['2026-12-04T09:00:02Z', close('vase-12')],
  ],
};

/** What a step's command answered: a refused one records nothing. */
export interface StepAnswer {
  readonly auctionId: string;
  readonly at: string;
  readonly command: AuctionCommand['type'];
  readonly ok: boolean;
  readonly code?: string;
}

/** Writes the dispute auctions (all, or the named ones) into a store through the command service. */
export const writeDisputeAuctions = async (
  store: EventStore,
  auctionIds: readonly string[] = Object.keys(DISPUTE_STEPS),
): Promise<StepAnswer[]> => {
  let now = 0;
  const service = createAuctionService({ store, clock: () => now });
  const answers: StepAnswer[] = [];
  for (const auctionId of auctionIds)
    for (const [at, command] of DISPUTE_STEPS[auctionId] ?? []) {
      now = Date.parse(at);
      const result = await service.execute(command);
      answers.push({
        auctionId,
        at,
        command: command.type,
        ok: result.ok,
        ...(result.ok ? {} : { code: result.code }),
      });
    }
  return answers;
};
