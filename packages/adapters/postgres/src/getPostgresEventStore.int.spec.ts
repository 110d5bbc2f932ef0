import type { EventStore } from '@gavel/core';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, pgUrl, randomSchema, sql } from '../test/pgTestEnv';
import { getPostgresEventStore } from './getPostgresEventStore';

const schemas: string[] = [];
const stores: EventStore[] = [];
const open = (schema: string): EventStore => {
  const store = getPostgresEventStore({ connectionString: pgUrl, schema });
  stores.push(store);
  return store;
};

afterAll(async () => {
  for (const store of stores) await store.close();
  for (const schema of schemas) await dropSchema(schema);
});

describe('getPostgresEventStore', () => {
  it('creates its schema once when several stores start at the same time', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const racing = Array.from({ length: 4 }, () => open(schema));
    await Promise.all(racing.map((store) => store.readStream('first-use')));
    const applied = await sql<{ version: number }>(`SELECT version FROM "${schema}".gavel_migrations`);
    expect(applied.map((row) => row.version)).toEqual([1, 2, 3, 4]);
  });

  it('answers a retry that carries an outdated expected version as a duplicate, writing nothing', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const store = open(schema);
    const first = await store.appendToStream('retry-1', [{ type: 'A', data: {}, eventId: 'a' }], {
      expectedVersion: 'no_stream',
    });
    await store.appendToStream('retry-1', [{ type: 'B', data: {}, eventId: 'b' }], { expectedVersion: 1 });
    const retried = await store.appendToStream('retry-1', [{ type: 'A', data: {}, eventId: 'a' }], {
      expectedVersion: 'no_stream',
    });
    expect(retried).toEqual({ nextExpectedVersion: 2, lastPosition: first.lastPosition, duplicate: true });
    expect(typeof retried.lastPosition).toBe('bigint');
    expect((await store.readStream('retry-1')).currentVersion).toBe(2);
  });

  it('refuses an append where only some ids are known, and writes none of it', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const store = open(schema);
    await store.appendToStream('partial-1', [{ type: 'A', data: {}, eventId: 'a' }], {
      expectedVersion: 'any',
    });
    await expect(
      store.appendToStream(
        'partial-1',
        [
          { type: 'B', data: {}, eventId: 'b' },
          { type: 'A', data: {}, eventId: 'a' },
        ],
        { expectedVersion: 1 },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await store.readStream('partial-1')).events.map((e) => e.eventId)).toEqual(['a']);
  });

  it('reports the actual version in a conflict', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const store = open(schema);
    await store.appendToStream(
      'conflict-1',
      [
        { type: 'A', data: {} },
        { type: 'B', data: {} },
      ],
      {
        expectedVersion: 'no_stream',
      },
    );
    await expect(
      store.appendToStream('conflict-1', [{ type: 'C', data: {} }], { expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'VERSION_CONFLICT', expected: 1, actual: 2, streamName: 'conflict-1' });
  });

  it('rejects a schema name it would have to quote, and other bad options, naming the option', () => {
    expect(() => getPostgresEventStore({ connectionString: pgUrl, schema: 'Bad"name' })).toThrow(
      expect.objectContaining({ name: 'InvalidOptionsError', code: 'INVALID_OPTIONS', path: 'schema' }),
    );
    expect(() => getPostgresEventStore({ connectionString: pgUrl, subscriptionPageSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'subscriptionPageSize' }),
    );
    expect(() =>
      getPostgresEventStore({ connectionString: pgUrl, groupCommit: { maxBatchSize: 0 } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', path: 'groupCommit.maxBatchSize' }));
  });
});
