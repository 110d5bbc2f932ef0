import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreConformance } from '@gavel/core/conformance';
import { afterAll } from 'vitest';
import { getSqliteEventStore } from './getSqliteEventStore';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One file shared by every test (the suite never assumes an empty store), reopened per test.
describeEventStoreConformance('sqlite file', {
  createStore: () => getSqliteEventStore({ path: join(dir, 'conformance.db') }),
});

describeEventStoreConformance('sqlite :memory:', {
  createStore: () => getSqliteEventStore({ path: ':memory:' }),
});
