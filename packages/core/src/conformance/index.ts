export {
  describeEventStoreConformance,
  type EventStoreConformanceOptions,
} from './describeEventStoreConformance';
