// The public surface of @gavel/nats, by name. A change here is a change of the public API: the API
// report (api/nats.api.md) must change with it.

// Consumers
export { consumeAuctionEvents } from './consuming/consumeAuctionEvents';
export { consumePublicChanges } from './consuming/consumePublicChanges';
export {
  logConsumerError,
  type NatsConsumerError,
  type NatsConsumerErrorCode,
  type NatsConsumerStats,
} from './consuming/consumerError';
export type { NatsConsumerOptions, NatsDelivery } from './consuming/consumerOptions';
export { decodePublicChange } from './consuming/decodePublicChange';
export { type DecodeResult, decodeRelayedEvent } from './consuming/decodeRelayedEvent';
export type { NatsConsumer } from './consuming/durableConsumer';
// The relay
export { createNatsRelay, type NatsRelay } from './createNatsRelay';
export { headerText } from './messages/headerText';
export type { PublicChangeMessage } from './messages/publicChangeMessage';
// What a relay writes
export { GAVEL_HEADERS } from './messages/relayMessage';
export { type RelaySubjectFilterOptions, relaySubjectFilter } from './messages/relaySubjectFilter';
export { isNatsRelayError, NatsRelayError, type NatsRelayErrorCode } from './natsRelayError';
export {
  DEFAULT_PUBLIC_STREAM,
  DEFAULT_PUBLIC_SUBJECT_PREFIX,
  DEFAULT_STREAM,
  DEFAULT_SUBJECT_PREFIX,
  MIN_DUPLICATE_WINDOW_MS,
  type NatsRelayBaseOptions,
  type NatsRelayOptions,
} from './relayOptions';
export type { NatsRelayStats } from './relayStats';
