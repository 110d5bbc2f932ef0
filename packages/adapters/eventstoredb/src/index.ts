export type { EventStoreDBClientLike } from './client';
export { EventStoreDBEventStoreError } from './errors';
export { GAVEL_EVENT_ID_NAMESPACE, nameBasedUuid, toEventUuid } from './eventIds';
export { toExpectedRevision, toVersion } from './expectedRevision';
export * from './getEventStoreDBEventStore';
