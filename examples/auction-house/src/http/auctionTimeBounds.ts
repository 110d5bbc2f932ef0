import { z } from 'zod';

/** The furthest an auction may end ahead of now: 90 days. `durationMs`, `endsAt` and `softClose.maxEndsAt` obey it. */
export const MAX_AUCTION_AHEAD_MS = 90 * 86_400_000;

/** The shortest `durationMs`: one second. */
export const MIN_DURATION_MS = 1000;

/** `durationMs`: whole milliseconds, from 1 s to 90 days. */
export const durationMs = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be whole milliseconds')
  .min(MIN_DURATION_MS, `must be at least ${MIN_DURATION_MS}`)
  .max(MAX_AUCTION_AHEAD_MS, 'must be at most 90 days');

/** A moment in epoch milliseconds: a whole number; how far ahead it may be is {@link futureMomentProblem}'s to say. */
export const epochMs = z
  .number({ error: 'must be epoch milliseconds' })
  .int('must be whole epoch milliseconds');

/**
 * What is wrong with a moment that must be after `now` and at most 90 days after it (`endsAt`,
 * `softClose.maxEndsAt`), or null when it is within those bounds.
 */
export const futureMomentProblem = (moment: number, now: number): string | null => {
  if (moment <= now) return 'must be in the future';
  if (moment > now + MAX_AUCTION_AHEAD_MS) return 'must be at most 90 days from now';
  return null;
};
