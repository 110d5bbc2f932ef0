import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@gavel/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertPostgresReachable,
  dropSchema,
  pgUrl,
  randomSchema,
} from '../../../packages/adapters/postgres/test/pgTestEnv';
import { openStore } from '../src/config/openStore';
import { request, signIn } from './apiClient';
import { startTestHouse } from './testHouse';

const dir = mkdtempSync(join(tmpdir(), 'gavel-catalog-upgrade-'));
const schemas: string[] = [];
beforeAll(assertPostgresReachable);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

/** Raw SQL on the store's database, through the session its processors read with. */
type RawSession = {
  run?: (sql: string) => unknown;
  all?: (sql: string) => unknown[];
  query?: (sql: string) => Promise<{ rows: unknown[] }>;
};
const rawSql = async (store: EventStore, sql: string): Promise<unknown[]> => {
  const read = (
    store.processors as unknown as { read: <T>(work: (s: RawSession) => Promise<T>) => Promise<T> }
  ).read;
  return read(async (session) => {
    if (session.query !== undefined) return (await session.query(sql)).rows;
    if (/^\s*select/i.test(sql)) return session.all?.(sql) ?? [];
    session.run?.(sql);
    return [];
  });
};

/** Where each test keeps its store, and how its SQL names a table there. */
const stores = [
  {
    name: 'SQLite',
    place: () => ({ url: `sqlite:${join(dir, 'house.db')}`, table: (name: string) => name }),
  },
  {
    name: 'PostgreSQL',
    place: () => {
      const schema = randomSchema('gavel_upgrade');
      schemas.push(schema);
      return { url: `${pgUrl}?schema=${schema}`, table: (name: string) => `"${schema}".${name}` };
    },
  },
];

describe.each(stores)('the catalog after a release changed its tables ($name)', ({ place }) => {
  it('drops the old tables, rebuilds from the history, lists the same and mails no notification twice', async () => {
    const { url, table } = place();
    const open = async () => {
      const { store, catalog } = await openStore(url);
      return { store, house: await startTestHouse({ store, catalog }) };
    };
    const first = await open();
    const [seller, alice, bob] = await Promise.all(
      ['Sam', 'Alice', 'Bob'].map((n) => signIn(first.house.url, n)),
    );
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await request(first.house.url, 'POST', '/api/auctions', {
        cookie: seller?.cookie,
        body: { title: `Clock ${i}`, startingPrice: 500, durationMs: 3_600_000 },
      });
      ids.push(created.body.auctionId as string);
    }
    for (const auctionId of ids.slice(0, 3)) {
      await request(first.house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
        cookie: alice?.cookie,
        body: { maxAmount: 900 },
      });
      await request(first.house.url, 'POST', `/api/auctions/${auctionId}/bids`, {
        cookie: bob?.cookie,
        body: { maxAmount: 1500 },
      });
    }
    const list = async (houseUrl: string) =>
      (await request(houseUrl, 'GET', '/api/auctions?limit=100')).body.auctions;
    await expect.poll(async () => (await list(first.house.url)).length).toBe(6);
    await expect
      .poll(
        async () =>
          (await request(first.house.url, 'GET', '/api/me/notifications', { cookie: alice?.cookie })).body,
      )
      .toMatchObject({ notifications: [{}, {}, {}] });
    const before = await list(first.house.url);
    const outboxBefore = await rawSql(first.store, `SELECT id FROM ${table('notification_outbox')}`);
    expect(outboxBefore.length).toBeGreaterThanOrEqual(3);
    // As an earlier release left them: no version kept, no stored view.
    await rawSql(first.store, `DROP TABLE ${table('catalog_schema')}`);
    await rawSql(first.store, `ALTER TABLE ${table('catalog_auctions')} DROP COLUMN view`);
    await first.house.close();

    const second = await open();
    try {
      expect(second.house.house.stats().catalog.handled).toBeGreaterThan(0); // the history again, into new tables
      expect(await list(second.house.url)).toEqual(before);
      expect(await rawSql(second.store, `SELECT id FROM ${table('notification_outbox')}`)).toHaveLength(
        outboxBefore.length,
      );
      const mine = await request(second.house.url, 'GET', '/api/me/notifications', { cookie: alice?.cookie });
      expect(mine.body.notifications).toHaveLength(3);
    } finally {
      await second.house.close();
    }

    // Current tables: the next start resumes at its checkpoints.
    const third = await open();
    try {
      expect(third.house.house.stats().catalog.handled).toBe(0);
      expect(await list(third.house.url)).toEqual(before);
    } finally {
      await third.house.close();
    }
  });
});
