// The public surface of @gavel/rabbitmq, by name. A change here is a change of the public API: the API
// report (api/rabbitmq.api.md) must change with it.

// Connections and failures
export type { RabbitMqConnection } from './broker/rabbitMqConnection';
export {
  isRabbitMqError,
  RabbitMqError,
  type RabbitMqErrorCode,
  type RabbitMqFailure,
} from './broker/rabbitMqError';
// Consuming: the queue, the version check, a consumer that reconnects
export { assertRelayQueue, type RelayQueueOptions } from './consumer/assertRelayQueue';
export type {
  RabbitMqConsumer,
  RabbitMqConsumerOptions,
  RabbitMqConsumerStats,
} from './consumer/consumerOptions';
export { logConsumerError } from './consumer/consumerOptions';
export { createRabbitMqConsumer } from './consumer/createRabbitMqConsumer';
export {
  type ReadRelayedMessageResult,
  type RelayedMessage,
  readRelayedMessage,
} from './consumer/readRelayedMessage';
export { createVersionCheck, type MemoryVersionCheck, type VersionCheck } from './consumer/versionCheck';
// What the relay publishes
export type { PublicChangeBody } from './message/publicChangeMessage';
export { POSITION_HEADER, relayMessageId, STREAM_HEADER, VERSION_HEADER } from './message/relayHeaders';
export { relayRoutingKey } from './message/relayRoutingKey';
// The relay
export { createRabbitMqRelay, type RabbitMqRelay } from './relay/createRabbitMqRelay';
export { defaultRelayName } from './relay/relayName';
export type {
  InternalRabbitMqRelayOptions,
  PublicRabbitMqRelayOptions,
  RabbitMqRelayCommonOptions,
  RabbitMqRelayOptions,
} from './relay/relayOptions';
export type { RabbitMqBrokerStats, RabbitMqRelayStats } from './relay/relayStats';
