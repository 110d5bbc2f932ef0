export * from './getPostgresEventStore';
export { DEFAULT_SCHEMA } from './schema/sqlNames';
