export * from './increments';
