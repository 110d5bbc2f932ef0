export * from './eventStore';
export * from './expectedVersion';
export * from './inMemoryEventStore';
export * from './streamName';
export * from './versionConflictError';
