import { describeEventStoreConformance } from '../conformance';
import { getInMemoryEventStore } from './inMemoryEventStore';

describeEventStoreConformance('in-memory', { createStore: () => getInMemoryEventStore() });

describeEventStoreConformance(
  'in-memory, shared across tests',
  (() => {
    const shared = getInMemoryEventStore();
    return { createStore: () => shared, destroyStore: async () => {} };
  })(),
);
