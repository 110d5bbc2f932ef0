import { toVersion } from '../expectedRevision';
import type { StoreContext } from '../storeContext';

/** The stream's version (its count of events; 0 when it does not exist), from its last event. */
export const currentVersion = async (context: StoreContext, streamName: string): Promise<number> => {
  const last = await context.withRetry(() => context.client.readLast(streamName));
  return last === undefined || last === 'stream-not-found' ? 0 : toVersion(last.revision);
};
