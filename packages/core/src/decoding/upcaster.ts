import type { EventMetadata } from '../auction/events';

/** What an upcaster may read of the recorded event besides its data. */
export interface UpcastSource {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  readonly eventId?: string;
  readonly streamVersion?: number;
}

/**
 * Turns the `data` of one schema version of an event type into the next version's. Pure; it returns
 * its input unchanged when there is nothing to do, so that the common case allocates nothing.
 */
export type Upcaster = (
  data: Readonly<Record<string, unknown>>,
  event: UpcastSource,
) => Readonly<Record<string, unknown>>;
