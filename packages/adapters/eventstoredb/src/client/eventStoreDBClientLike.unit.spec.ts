import type { EventStoreDBClient } from '@eventstore/db-client';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ClientAppendOptions,
  ClientJsonEvent,
  ClientReadAllOptions,
  ClientReadStreamOptions,
  ClientSubscribeToAllOptions,
  EventStoreDBClientLike,
} from './eventStoreDBClientLike';

// Checked by the type checker (`tsc --noEmit`): both clients fit the adapter's view of them, and what
// the adapter passes is what each client's typings accept.
describe('EventStoreDBClientLike against both clients typings', () => {
  it('is implemented by EventStoreDBClient (@eventstore/db-client)', () => {
    expectTypeOf<EventStoreDBClient>().toExtend<EventStoreDBClientLike>();
    expectTypeOf<ClientJsonEvent[]>().toExtend<Parameters<EventStoreDBClient['appendToStream']>[1]>();
    expectTypeOf<ClientAppendOptions>().toExtend<
      NonNullable<Parameters<EventStoreDBClient['appendToStream']>[2]>
    >();
    expectTypeOf<ClientReadStreamOptions>().toExtend<
      NonNullable<Parameters<EventStoreDBClient['readStream']>[1]>
    >();
    expectTypeOf<ClientReadAllOptions>().toExtend<
      NonNullable<Parameters<EventStoreDBClient['readAll']>[0]>
    >();
    expectTypeOf<ClientSubscribeToAllOptions>().toExtend<
      NonNullable<Parameters<EventStoreDBClient['subscribeToAll']>[0]>
    >();
  });

  it('is implemented by KurrentDBClient (@kurrent/kurrentdb-client)', () => {
    expectTypeOf<KurrentDBClient>().toExtend<EventStoreDBClientLike>();
    expectTypeOf<ClientJsonEvent[]>().toExtend<Parameters<KurrentDBClient['appendToStream']>[1]>();
    expectTypeOf<ClientAppendOptions>().toExtend<
      NonNullable<Parameters<KurrentDBClient['appendToStream']>[2]>
    >();
    expectTypeOf<ClientReadStreamOptions>().toExtend<
      NonNullable<Parameters<KurrentDBClient['readStream']>[1]>
    >();
    expectTypeOf<ClientReadAllOptions>().toExtend<NonNullable<Parameters<KurrentDBClient['readAll']>[0]>>();
    expectTypeOf<ClientSubscribeToAllOptions>().toExtend<
      NonNullable<Parameters<KurrentDBClient['subscribeToAll']>[0]>
    >();
  });
});
