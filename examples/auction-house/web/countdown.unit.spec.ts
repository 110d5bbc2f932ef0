import type { PublicAuctionStatus } from '@gavel/core';
import { describe, expect, it } from 'vitest';
import { countdownText } from './countdown';

const NOW = 1_000_000;
const at = (status: PublicAuctionStatus, left: number) => ({ status, endsAt: NOW + left });

describe('countdownText', () => {
  it.each([
    [1, '0:01'],
    [999, '0:01'],
    [59_001, '1:00'],
    [245_000, '4:05'],
    [3_723_000, '1:02:03'],
    [2 * 86_400_000 + 3_723_000, '2d 01:02:03'],
  ])('an open auction with %i ms left shows %s', (left, text) => {
    expect(countdownText(at('open', left), NOW)).toBe(text);
    expect(countdownText(at('scheduled', left), NOW)).toBe(text);
  });

  it('shows no time left once the end has passed, on the page clock or by the status', () => {
    expect(countdownText(at('open', 0), NOW)).toBe('ended');
    expect(countdownText(at('open', -5000), NOW)).toBe('ended');
    expect(countdownText(at('ended', 2000), NOW)).toBe('ended');
  });

  it.each(['closed', 'cancelled'] as const)(
    'a %s auction shows its status whatever the clocks say, never time left',
    (status) => {
      // Two pages whose clocks disagree by a second or more show the same words.
      for (const left of [-60_000, -1, 0, 1, 999, 1500, 600_000])
        expect(countdownText(at(status, left), NOW)).toBe(status);
    },
  );
});
