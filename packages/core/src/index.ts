// biome-ignore-all assist/source/organizeImports: the exports are grouped by concern, in the order a reader meets them
// The public surface of @gavel/core, by name. A change here is a change of the public API: the API
// report (api/core.api.md) must change with it.

// The decider
export {
  type AuctionState,
  type AuctionStatus,
  type ClosedResult,
  initialState,
  type Offer,
} from './auction/auctionState';
export type {
  AuctionCommand,
  AuctionCommandType,
  BuyNow,
  CancelAuction,
  CloseAuction,
  GavelCommand,
  OpenAuction,
  PlaceBid,
  RetractBid,
  SetMaxBid,
} from './auction/commands';
export { decide } from './auction/decide';
export { DEFAULT_MAX_AMOUNT } from './auction/decideOpenAuction';
export type { Accepted, Decision, Rejected, RejectionCode } from './auction/decision';
export type {
  AuctionCancelled,
  AuctionClosed,
  AuctionEvent,
  AuctionEventType,
  AuctionExtended,
  AuctionOpened,
  AuctionRules,
  BelowReservePolicy,
  BidPlaced,
  BidRetracted,
  CloseReason,
  EventBase,
  EventMetadata,
  GavelEvent,
  MaxBidSet,
  RetractionPolicy,
  RetractionReason,
  RetractionScope,
  SoftCloseFrom,
  SoftClosePolicy,
} from './auction/events';
export { evolve } from './auction/evolve';
export { fold } from './auction/fold';
export { buyNowAvailable, minimumNextBid, type PublicView, publicView } from './auction/publicView';
export { visiblePrice } from './auction/visiblePrice';
// Bid retraction: the policy, and the offers a RetractBid is decided with
export { DEFAULT_RETRACTION_POLICY, retractionPolicyOf } from './auction/retractionPolicy';
export { type AuctionOffers, auctionOffers, type StandingBid } from './auction/auctionOffers';
export { standingBids } from './auction/standingBids';
export { retractionScope } from './auction/retractionScope';

// Money
export {
  copyIncrementTable,
  type IncrementBand,
  type IncrementTable,
  incrementAt,
  increments,
} from './money/increments';

// Rejections as data, money and status for people
export type {
  NoDetails,
  RejectionDetails,
  RejectionDetailsByCode,
  RetractionRefusal,
} from './auction/decision';
export type { PublicAuctionStatus } from './auction/publicView';
export { formatMoney } from './money/formatMoney';
export { type IncrementTableProblem, incrementTableProblem } from './money/increments';

// Recorded events, decoded
export { AUCTION_EVENT_TYPES, isAuctionEvent, isAuctionEventType } from './decoding/auctionEventTypes';
export {
  isAuctionCancelled,
  isAuctionClosed,
  isAuctionExtended,
  isAuctionOpened,
  isBidPlaced,
  isBidRetracted,
  isMaxBidSet,
} from './decoding/auctionEventGuards';
export {
  type AuctionEvents,
  type ReadAuctionEventsOptions,
  readAuctionEvents,
} from './decoding/readAuctionEvents';
export {
  type AuctionEventProblem,
  auctionEventProblem,
  type DecodedAuctionEvent,
  decodeAuctionEvent,
} from './decoding/decodeAuctionEvent';
export { type RecordedAuctionEvent, toAuctionEvent } from './decoding/toAuctionEvent';
export type { Upcaster, UpcastSource } from './decoding/upcaster';
// Event schema versions (metadata.schemaVersion, absent = 1) and the upcaster chain
export { SCHEMA_VERSION_KEY, schemaVersionOf } from './decoding/schemaVersion';
export { type UpcastResult, upcastEventData } from './decoding/upcastEventData';
export { CURRENT_SCHEMA_VERSIONS, UPCASTERS } from './decoding/upcasters';
export { upcastRecordedEvent } from './decoding/toAuctionEvent';

// Replay
export {
  type HistoryEvent,
  InvalidAuctionHistoryError,
  type ReplayErrorCode,
  replayAuctionHistory,
} from './replay/replayAuctionHistory';

// The public projection (bidder ids masked by a function the caller supplies)
export type { BidderMask } from './projection/bidderMask';
export { hmacBidderMask, MASKED_ID_LENGTH } from './projection/hmacBidderMask';
export { maskHistoryEntry } from './projection/maskHistoryEntry';
export { maskPublicView } from './projection/maskPublicView';
export {
  type PublicChange,
  type PublicStep,
  projectPublicEvent,
  type StreamEvent,
} from './projection/projectPublicEvent';
export type { BeatenOffer, PublicHistoryEntry, PublicHistoryKind } from './projection/publicHistoryEntry';
export { initialPublicProjection, type PublicProjection } from './projection/publicProjection';
export {
  createPartitionPublicProjections,
  type PartitionPublicProjections,
  type PartitionPublicProjectionsOptions,
  type ProjectedPublicBatch,
  type PublicBatchChange,
} from './projection/partitionPublicProjections';
export { type PublicSnapshot, publicHistory, publicSnapshot } from './projection/publicSnapshot';
export { samePublicView } from './projection/samePublicView';

// Notifications: what one event tells whom (outbid, leading, won, sold, unsold; lost built by the caller)
export {
  type AuctionNotification,
  auctionNotifications,
  type CancelledNotification,
  type LeadingNotification,
  type LostNotification,
  type LostNotificationInput,
  lostNotification,
  type NotificationBase,
  type NotificationKind,
  type OutbidNotification,
  type SoldNotification,
  type UnsoldNotification,
  type UnsoldReason,
  type WonNotification,
} from './notifications/index';

// The closer (ends auctions when their time is up)
export {
  type AuctionCloser,
  AuctionCloserError,
  type AuctionCloserErrorCode,
  type AuctionCloserErrorData,
  type AuctionCloserOptions,
  type AuctionCloserStats,
  createAuctionCloser,
  type LagSummary,
  logCloserError,
} from './closing/index';

// Processors: durable, partitioned, checkpointed consumers of the store
export {
  type CheckpointCommit,
  createProcessor,
  fnv1a32,
  followStore,
  type FollowStoreOptions,
  logProcessorError,
  MAX_PARTITIONS,
  type PartitionLease,
  type PartitionStateChanges,
  type PartitionStateWriter,
  partitionOf,
  type Processor,
  type ProcessorContext,
  type ProcessorError,
  type ProcessorErrorCode,
  type ProcessorEvent,
  type ProcessorHeartbeat,
  type ProcessorOptions,
  type ProcessorStats,
  type ProcessorStore,
  type RebuildProcessorOptions,
  rebuildProcessor,
} from './processing/index';

// Relays: the subject-safe token of an auction id (NATS subjects, RabbitMQ routing keys)
export { auctionIdOfToken, auctionToken, MAX_AUCTION_TOKEN_LENGTH } from './relaying/auctionToken';
export { type RelayAudience, relayAudienceOf } from './relaying/relayAudience';
export { relayedEventJson } from './relaying/relayedEventJson';

// Timers and retries, shared by the runtime parts
export {
  defaultProcessorRetry,
  defaultServiceRetry,
  type Jitter,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryOptions,
  retryDelay,
} from './timing/retry';
// Bad options: one error type for every factory
export { InvalidOptionsError, isInvalidOptionsError } from './options/invalidOptionsError';
export { sleep } from './timing/sleep';
export { type Scheduler, systemScheduler } from './timing/scheduler';

// The command service
export {
  type AuctionService,
  type AuctionServiceOptions,
  createAuctionService,
} from './commandHandling/createAuctionService';
export type {
  ExecuteAccepted,
  ExecuteRejected,
  ExecuteRejectionCode,
  ExecuteResult,
} from './commandHandling/executeResult';
export type { ServiceStats } from './commandHandling/serviceStats';

// The event store port (helpers for store authors: @gavel/core/store)
export type {
  AppendResult,
  AppendToStreamOptions,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionMessage,
} from './eventStore/eventStore';
export {
  EventStoreError,
  type EventStoreErrorCode,
  type EventStoreErrorOptions,
  isEventStoreError,
  isTransientEventStoreError,
} from './eventStore/eventStoreError';
export { getInMemoryEventStore, type InMemoryEventStoreOptions } from './eventStore/inMemoryEventStore';
export { createInMemoryProcessorStore, type InMemoryProcessorStoreOptions } from './processing/index';
export {
  type RecordedEventJson,
  recordedEventFromJson,
  recordedEventToJson,
} from './eventStore/recordedEventJson';
export {
  AUCTION_CATEGORY,
  auctionIdOfStream,
  auctionStreamName,
  isAuctionStream,
} from './eventStore/streamName';
export { isVersionConflictError, VersionConflictError } from './eventStore/versionConflictError';
