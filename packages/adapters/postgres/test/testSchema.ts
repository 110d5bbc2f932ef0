import { afterAll } from 'vitest';
import {
  getPostgresEventStore,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from '../src/getPostgresEventStore';
import { dropSchema, pgUrl, randomSchema } from './pgTestEnv';

/** The stores of one test file on one fresh schema (see {@link useTestSchema}). */
export interface TestSchema {
  readonly schema: string;
  /** A store on the schema, with `options` besides the test server and the schema. */
  readonly open: (
    options?: Omit<PostgresEventStoreOptions, 'connectionString' | 'schema'>,
  ) => PostgresEventStore;
}

/**
 * A fresh schema for the calling test file: every store opened on it is closed, and the schema
 * dropped, after the file's tests.
 */
export const useTestSchema = (prefix?: string): TestSchema => {
  const schema = randomSchema(prefix);
  const stores: PostgresEventStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    await dropSchema(schema);
  });
  return {
    schema,
    open: (options = {}) => {
      const store = getPostgresEventStore({ ...options, connectionString: pgUrl, schema });
      stores.push(store);
      return store;
    },
  };
};
