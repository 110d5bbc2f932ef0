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
});
