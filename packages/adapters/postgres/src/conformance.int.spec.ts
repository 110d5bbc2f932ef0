import { describeEventStoreConformance } from '@gavel/core/conformance';
import { afterAll, beforeAll } from 'vitest';
import { dropSchema, pgUrl, randomSchema, sql } from '../test/pgTestEnv';
import { getPostgresEventStore } from './getPostgresEventStore';
import type { PostgresTransaction } from './processors/postgresTransaction';

const schema = randomSchema();
/** Where the transaction probe writes: a read model's table in the store's schema. */
const probeTable = `"${schema}".transaction_probe`;

beforeAll(async () => {
  const store = getPostgresEventStore({ connectionString: pgUrl, schema });
  await store.readStream('create-the-schema');
  await store.close();
  await sql(`CREATE TABLE ${probeTable} (id bigserial PRIMARY KEY, key text NOT NULL, value text NOT NULL)`);
});

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
  transactionProbe: {
    write: async (transaction, key, value) => {
      await (transaction as PostgresTransaction).query(
        `INSERT INTO ${probeTable} (key, value) VALUES ($1, $2)`,
        [key, value],
      );
    },
    read: async (key) =>
      (await sql<{ value: string }>(`SELECT value FROM ${probeTable} WHERE key = $1 ORDER BY id`, [key])).map(
        (row) => row.value,
      ),
  },
});
