export {
  describeEventStoreConformance,
  type EventStoreConformanceOptions,
} from './describeEventStoreConformance';
export type { TransactionProbe } from './processorStoreSpecs';
export type { UnreachableStoreOptions } from './unreachableSpecs';
