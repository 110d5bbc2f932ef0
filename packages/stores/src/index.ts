// The public surface of @gavel/stores, by name: store URLs read and opened in one place, for the
// `gavel` command, the example apps and any server configured by a URL.

export { type EventStoreAt, type OpenEventStoreOptions, openEventStore } from './openEventStore';
export {
  type EventStoreDBStoreLocation,
  type ParsedStoreUrl,
  type PostgresStoreLocation,
  parseStoreUrl,
  type SqliteStoreLocation,
  type StoreLocation,
  type StoreUrlProblem,
} from './parseStoreUrl';
export { redactPassword } from './redactPassword';
export { isStoreUrlError, StoreUrlError } from './storeUrlError';
