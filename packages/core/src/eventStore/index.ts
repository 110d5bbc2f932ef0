export * from './assertAppendToStreamArguments';
export * from './assertReadStreamArguments';
export * from './eventStore';
export * from './eventStoreError';
export * from './expectedVersion';
export * from './inMemoryEventStore';
export * from './streamName';
export * from './versionConflictError';
