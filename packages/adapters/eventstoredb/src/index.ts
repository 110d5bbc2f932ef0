export type { EventStoreDBClientLike } from './client';
export { GAVEL_EVENT_ID_NAMESPACE, nameBasedUuid, toEventUuid } from './eventIds';
export { toExpectedRevision, toVersion } from './expectedRevision';
export * from './getEventStoreDBEventStore';
