export * from './getPostgresEventStore';
export * from './postgresEventStoreError';
export { DEFAULT_SCHEMA } from './schema/sqlNames';
