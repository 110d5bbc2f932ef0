import type { EventStore, ProcessorStore } from '@gavel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { SqliteEventStore } from '../getSqliteEventStore';
import type { SqliteProcessorStore } from './sqliteProcessorStore';
import type { SqliteTransaction } from './sqliteTransaction';

describe('the types of the SQLite processor store', () => {
  it('is an EventStore whose processors are core’s port', () => {
    expectTypeOf<SqliteEventStore>().toExtend<EventStore>();
    expectTypeOf<SqliteProcessorStore>().toExtend<ProcessorStore>();
    expectTypeOf<SqliteProcessorStore>().toExtend<ProcessorStore<SqliteTransaction>>();
  });

  it('hands transact’s work a SqliteTransaction, and transact always exists', () => {
    type Work = Parameters<SqliteEventStore['processors']['transact']>[1];
    expectTypeOf<Parameters<Work>[0]>().toEqualTypeOf<SqliteTransaction>();
    expectTypeOf<SqliteProcessorStore['transact']>().not.toBeUndefined();
    expectTypeOf<ReturnType<SqliteProcessorStore['transact']>>().toEqualTypeOf<Promise<boolean>>();
  });
});
