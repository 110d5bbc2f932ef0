export type { SynchronousMode } from './database';
export * from './getSqliteEventStore';
