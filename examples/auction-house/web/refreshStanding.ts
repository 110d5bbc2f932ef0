import { api } from './api';
import { detailLoaded } from './pageState';

/** How many times, and how far apart, the page asks again for a catalog that has not caught up yet. */
const ATTEMPTS = 20;
const PAUSE_MS = 150;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the auction again for the user's standing (their offer, what they may retract). The API answers
 * from the catalog, which follows the store a moment behind: after the user's own bid or retraction at
 * stream version `atLeastVersion`, it asks again (a few seconds at most) until the answer includes it.
 */
export const refreshStanding = async (auctionId: string, atLeastVersion = 0): Promise<void> => {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const result = await api.auction(auctionId);
    if (!result.ok) return;
    if (result.value.version >= atLeastVersion || attempt === ATTEMPTS) {
      detailLoaded(result.value);
      return;
    }
    await pause(PAUSE_MS);
  }
};
