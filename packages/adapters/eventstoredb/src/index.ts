// The public surface of @gavel/eventstoredb, by name. A change here is a change of the public API: the
// API report (api/eventstoredb.api.md) must change with it.
export { ClientPackageMissingError, type ClientPackageName } from './client/clientPackageMissingError';
export type {
  ClientAppendOptions,
  ClientAppendResult,
  ClientJsonEvent,
  ClientPosition,
  ClientReadAllOptions,
  ClientReadStreamOptions,
  ClientRecordedEvent,
  ClientResolvedEvent,
  ClientStreamNameFilter,
  ClientSubscribeToAllOptions,
  ClientSubscription,
  EventStoreDBClientLike,
} from './client/eventStoreDBClientLike';
export { defaultEventStoreDBRetry } from './esdbRetry';
export {
  type EventStoreDBEventStoreOptions,
  type EventStoreDBEventStoreTuning,
  getEventStoreDBEventStore,
} from './getEventStoreDBEventStore';
