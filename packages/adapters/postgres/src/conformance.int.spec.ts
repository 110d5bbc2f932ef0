import { describeEventStoreConformance } from '@gavel/core/conformance';
import { afterAll } from 'vitest';
import { dropSchema, pgUrl, randomSchema } from '../test/pgTestEnv';
import { getPostgresEventStore } from './getPostgresEventStore';

const schema = randomSchema();

afterAll(async () => {
  await dropSchema(schema);
});

describeEventStoreConformance('postgres', {
  createStore: () => getPostgresEventStore({ connectionString: pgUrl, schema, pollIntervalMs: 50 }),
  // Port 1 on the loopback: nothing listens, every connection is refused.
  unreachable: {
    createStore: () =>
      getPostgresEventStore({
        connectionString: 'postgres://postgres@127.0.0.1:1/test',
        schema,
        timeoutMs: 1_500,
      }),
    timeoutMs: 1_500,
  },
});
