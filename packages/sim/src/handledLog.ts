import type { RecordedEvent } from '@gavel/core';
import type { World } from './world';

/**
 * What the handlers of one processor name saw, across every process and restart: per stream, the
 * highest version handled. An event handed to a handler must be at most one past it (an earlier one is
 * a redelivery, allowed: at least once), and a batch must hold each stream's events in stream order.
 */
export interface HandledLog {
  /** Checks a batch the handler is about to handle. */
  check(events: readonly RecordedEvent[]): void;
  /** Records a batch the handler finished. */
  handled(events: readonly RecordedEvent[]): void;
  /** The streams whose events were not all handled: `stream: handled/recorded`. */
  behind(versions: ReadonlyMap<string, number>): string[];
}

/** Creates the log of the processor `name`. */
export const createHandledLog = (world: World, name: string): HandledLog => {
  const seen = new Map<string, number>();
  return {
    check: (events) => {
      const inBatch = new Map<string, number>();
      for (const event of events) {
        const stream = event.streamName;
        const previous = inBatch.get(stream);
        if (previous !== undefined && event.streamVersion !== previous + 1)
          world.violate(
            'processor-order',
            `${name} got ${stream} v${event.streamVersion} right after v${previous} in one batch`,
          );
        inBatch.set(stream, event.streamVersion);
        const max = seen.get(stream) ?? 0;
        if (previous === undefined && event.streamVersion > max + 1)
          world.violate(
            'processor-skipped',
            `${name} got ${stream} v${event.streamVersion} but its handlers had seen only up to v${max}`,
          );
      }
    },
    handled: (events) => {
      for (const event of events)
        if (event.streamVersion > (seen.get(event.streamName) ?? 0))
          seen.set(event.streamName, event.streamVersion);
    },
    behind: (versions) =>
      [...versions].flatMap(([stream, version]) => {
        const handled = seen.get(stream) ?? 0;
        return handled < version ? [`${stream}: ${handled}/${version}`] : [];
      }),
  };
};
