// Both clients, @eventstore/db-client first (the order in which both work in one process, see
// standIn/generated.ts, which the stand-in loads).

import { EventStoreDBClient } from '@eventstore/db-client';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { afterAll, beforeAll } from 'vitest';
import type { EventStoreDBClientLike } from '../src';
import { type EventStoreDBStandIn, startEventStoreDBStandIn } from './standIn/eventStoreDBStandIn';

/** The real server's connection string when `EVENTSTORE_URL` is set (then no stand-in runs). */
export const realServerUrl: string | undefined = process.env.EVENTSTORE_URL || undefined;

/** One of the two client packages the store drives, and how a test reaches the server through it. */
export interface TestClient {
  readonly name: '@eventstore/db-client' | '@kurrent/kurrentdb-client';
  /** A connection string that makes the store use this client (`esdb://…` or `kurrentdb://…`). */
  readonly connectionString: (base: string) => string;
  /** A client of this package, for tests that give the store a client or write around it. */
  readonly connect: (base: string) => EventStoreDBClientLike;
}

/**
 * Both clients, for suites that run once with each: `esdb://` strings use `@eventstore/db-client` when
 * it is installed (as here), `kurrentdb://` ones `@kurrent/kurrentdb-client`.
 */
export const TEST_CLIENTS: readonly TestClient[] = [
  {
    name: '@eventstore/db-client',
    connectionString: (base) => base.replace(/^kurrentdb/i, 'esdb'),
    connect: (base) => EventStoreDBClient.connectionString(base.replace(/^kurrentdb/i, 'esdb')),
  },
  {
    name: '@kurrent/kurrentdb-client',
    connectionString: (base) => base.replace(/^esdb/i, 'kurrentdb'),
    connect: (base) => KurrentDBClient.connectionString(base.replace(/^esdb/i, 'kurrentdb')),
  },
];

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
