import { EventStoreError } from '@gavel/core';

/**
 * A partition's state that cannot be read whole although its lease record has not moved (an event of
 * its chain is gone): the call fails with `UNAVAILABLE` and says where.
 */
export const unreadableState = (stream: string): EventStoreError =>
  new EventStoreError(
    'UNAVAILABLE',
    `EventStoreDB processor state stream '${stream}' lacks events its lease record points to (deleted or truncated by hand?)`,
  );
