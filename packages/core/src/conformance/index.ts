export {
  describeEventStoreConformance,
  type EventStoreConformanceOptions,
} from './describeEventStoreConformance';
export type { UnreachableStoreOptions } from './unreachableSpecs';
