import { afterAll, beforeAll } from 'vitest';
import { type EventStoreDBStandIn, startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';

/** The real server's connection string when `EVENTSTORE_URL` is set (then no stand-in runs). */
export const realServerUrl: string | undefined = process.env.EVENTSTORE_URL || undefined;

/**
 * The connection string of the server the tests of a file run against: `EVENTSTORE_URL` when set,
 * otherwise a stand-in started for the file (and stopped after it).
 */
export const useTestServer = (): {
  readonly connectionString: () => string;
  readonly standIn: () => EventStoreDBStandIn | undefined;
} => {
  let standIn: EventStoreDBStandIn | undefined;
  beforeAll(async () => {
    if (realServerUrl === undefined) standIn = await startEventStoreDBStandIn();
  });
  afterAll(async () => {
    await standIn?.stop();
  });
  return {
    connectionString: () => {
      if (realServerUrl !== undefined) return realServerUrl;
      if (standIn === undefined) throw new Error('the stand-in has not started');
      return standIn.connectionString;
    },
    standIn: () => standIn,
  };
};
