// @gavel/core/testing: helpers for tests, benchmarks and scripts. It loads no test runner; the store
// conformance suite (which needs vitest) is @gavel/core/conformance. Tools a user runs in production
// (such as `replayAuctionHistory`) are in @gavel/core itself.
export {
  AuctionSpecificationError,
  type AuctionSpecificationThen,
  type AuctionSpecificationWhen,
  auctionSpecification,
} from './auctionSpecification';
export { HOSTILE_STRINGS, hostileBids } from './hostileInput';
export { openAuctionCommand, TEST_AUCTION_START } from './openAuctionCommand';
