import { describe, expect, it } from 'vitest';
import { expectAccepted, expectRejected, openScenario } from '../../test/auctionScenario';
import { increments } from '../money/increments';

describe('worked examples of the rulebook', () => {
  it('flat $2: the engine compares all maxes, not only the last visible price', () => {
    const a = openScenario({ startingPrice: 10000, increments: increments.flat(200) });
    expectAccepted(a.bid('A', 10000));
    a.expectView(10000, 'A', 10200);
    expectAccepted(a.bid('B', 10500));
    a.expectView(10500, 'B');
    expectAccepted(a.max('C', 20000));
    a.expectView(10700, 'C');
    expectAccepted(a.bid('D', 12000));
    a.expectView(12200, 'C');
    expectAccepted(a.max('E', 19000));
    a.expectView(19200, 'C', 19400);
  });

  it('ebayUsd 1: the runner-up max plus the increment at that max', () => {
    const a = openScenario({ startingPrice: 1000 });
    expectAccepted(a.max('A', 5000));
    a.expectView(1000, 'A', 1050);
    expectAccepted(a.max('B', 3000));
    a.expectView(3100, 'A');
  });

  it('ebayUsd 2: straight bids answered by a proxy', () => {
    const a = openScenario({ startingPrice: 1000 });
    expectAccepted(a.max('A', 5000));
    expectAccepted(a.bid('B', 2000));
    a.expectView(2050, 'A', 2100);
    expectAccepted(a.bid('B', 2100));
    a.expectView(2150, 'A');
  });

  it('ebayUsd 3: a tie goes to the earlier offer at that max; its raise uncaps the price', () => {
    const a = openScenario({ startingPrice: 1000 });
    expectAccepted(a.max('A', 5000));
    expectAccepted(a.max('B', 5000));
    a.expectView(5000, 'A');
    expectAccepted(a.max('A', 8000));
    a.expectView(5100, 'A');
  });

  it('ebayUsd 4: a silent raise leaves the price, a new challenger meets the raised max', () => {
    const a = openScenario({ startingPrice: 1000 });
    expectAccepted(a.max('A', 3000));
    a.expectView(1000, 'A');
    expectAccepted(a.max('B', 2000));
    a.expectView(2050, 'A');
    expectAccepted(a.max('A', 10000));
    a.expectView(2050, 'A');
    expectAccepted(a.max('C', 6000));
    a.expectView(6100, 'A');
  });

  it('ebayUsd 5: the minimum next bid follows the band of the price', () => {
    const a = openScenario({ startingPrice: 2000 });
    expectAccepted(a.max('A', 4000));
    expectAccepted(a.max('B', 2490));
    a.expectView(2540, 'A', 2640);
    expectRejected(a.bid('C', 2600), 'BID_TOO_LOW');
    expect(a.events()).toHaveLength(3);
  });

  it("ebayUsd 6: the price is capped at the leader's max", () => {
    const a = openScenario({ startingPrice: 1000 });
    expectAccepted(a.max('A', 6030));
    expectAccepted(a.max('B', 6000));
    a.expectView(6030, 'A');
  });
});
