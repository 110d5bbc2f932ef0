import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreConformance } from '@gavel/core/conformance';
import { afterAll } from 'vitest';
import { fileProbe, storeProbe } from '../test/transactionProbes';
import { getSqliteEventStore, type SqliteEventStore } from './getSqliteEventStore';

const dir = mkdtempSync(join(tmpdir(), 'gavel-sqlite-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One file shared by every test (the suite never assumes an empty store), reopened per test.
const path = join(dir, 'conformance.db');
describeEventStoreConformance('sqlite file', {
  createStore: () => getSqliteEventStore({ path }),
  transactionProbe: fileProbe(path),
});

let memory: SqliteEventStore | undefined;
describeEventStoreConformance('sqlite :memory:', {
  createStore: () => {
    memory = getSqliteEventStore({ path: ':memory:' });
    return memory;
  },
  transactionProbe: storeProbe(() => {
    if (memory === undefined) throw new Error('no store: createStore has not run');
    return memory;
  }),
});
